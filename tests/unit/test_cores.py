"""The cores a process may use: affinity capped by a cgroup CPU quota (hoidap/cores.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.cores import cgroup_quota, quota_cores, usable_cores


@pytest.mark.parametrize(
    ("text", "cores"),
    [
        ("max 100000", None),  # v2, no limit
        ("200000 100000", 2),
        ("150000 100000", 1),  # 1.5 CPUs: one whole core, as automaxprocs rounds
        ("50000 100000", 1),  # never below one
        ("-1 100000", None),  # v1, no limit
        ("", None),
        ("lots 100000", None),
    ],
)
def test_quota_in_whole_cores(text: str, cores: int | None) -> None:
    assert quota_cores(text) == cores


def test_a_v2_cgroup_quota_is_read_from_the_process_cgroup(tmp_path: Path) -> None:
    (tmp_path / "kubepods" / "pod1").mkdir(parents=True)
    (tmp_path / "kubepods" / "pod1" / "cpu.max").write_text("100000 100000\n")
    (tmp_path / "cpu.max").write_text("max 100000\n")
    proc = tmp_path / "proc-cgroup"
    proc.write_text("0::/kubepods/pod1\n")
    assert cgroup_quota(tmp_path, proc) == 1


def test_a_v1_cgroup_quota_is_read_from_the_cpu_controller(tmp_path: Path) -> None:
    folder = tmp_path / "cpu" / "docker" / "abc"
    folder.mkdir(parents=True)
    (folder / "cpu.cfs_quota_us").write_text("300000\n")
    (folder / "cpu.cfs_period_us").write_text("100000\n")
    proc = tmp_path / "proc-cgroup"
    proc.write_text("4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n")
    assert cgroup_quota(tmp_path, proc) == 3


def test_no_cgroup_files_no_quota(tmp_path: Path) -> None:
    assert cgroup_quota(tmp_path, tmp_path / "missing") is None


def test_a_parent_cgroups_quota_binds_an_unlimited_child(tmp_path: Path) -> None:
    leaf = tmp_path / "system.slice" / "app.scope"
    leaf.mkdir(parents=True)
    (leaf / "cpu.max").write_text("max 100000\n")
    (tmp_path / "system.slice" / "cpu.max").write_text("100000 100000\n")
    proc = tmp_path / "proc-cgroup"
    proc.write_text("0::/system.slice/app.scope\n")
    assert cgroup_quota(tmp_path, proc) == 1


@pytest.mark.parametrize(
    ("affinity", "quota", "cores"), [(4, None, 4), (4, 2, 2), (2, 8, 2), (1, None, 1)]
)
def test_usable_cores_are_the_affinity_capped_by_the_quota(
    monkeypatch: pytest.MonkeyPatch, affinity: int, quota: int | None, cores: int
) -> None:
    import hoidap.cores

    monkeypatch.setattr(hoidap.cores.os, "sched_getaffinity", lambda _pid: set(range(affinity)))
    monkeypatch.setattr(hoidap.cores, "cgroup_quota", lambda: quota)
    usable_cores.cache_clear()
    try:
        assert usable_cores() == cores
    finally:
        usable_cores.cache_clear()
