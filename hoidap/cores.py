"""How many cores this process may keep busy: its CPU affinity, capped by a CPU quota.

A container limited to one CPU (``docker run --cpus 1``, a Kubernetes ``limits.cpu``) still
sees every core of the host in its affinity mask; the limit is a CFS quota in its cgroup.
Counting the affinity alone would put two threads to work where one core's time is all the
process gets: each waits for the other. So the quota counts too, rounded down as Go's
``automaxprocs`` does (1.5 CPUs: one), and never below one.

Why not ``joblib.cpu_count()`` (loky), which also reads the quota: it rounds a quota up
(1.5 CPUs: two, the case above) and reads only the root cgroup's files, not the ones of this
process's cgroup (``/proc/self/cgroup``) and its ancestors, so a nested cgroup's limit is missed.

>>> usable_cores() >= 1
True
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def quota_cores(text: str) -> int | None:
    """Whole cores a cgroup v2 ``cpu.max`` (``"200000 100000"``, ``"max 100000"``) or a
    v1 ``"quota period"`` pair allows; None for no limit or text that is not one."""
    parts = text.split()
    if len(parts) != 2 or parts[0] == "max":
        return None
    try:
        quota, period = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    if quota <= 0 or period <= 0:  # v1 writes -1 for no limit
        return None
    return max(1, quota // period)


def cgroup_quota(root: Path = CGROUP, proc_cgroup: Path = Path("/proc/self/cgroup")) -> int | None:
    """The tightest CPU quota on this process's cgroup and its ancestors, in whole cores
    (v2 ``cpu.max``, v1 ``cfs_quota_us``); None without one. A parent's quota binds its
    children (a systemd slice with ``CPUQuota`` over an unlimited scope), so every level
    up to the root counts."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        lines = []
    # (folder under ``root`` of the hierarchy, path of the process in it, cgroup v1?)
    hierarchies: list[tuple[Path, str, bool]] = []
    for line in lines:
        _id, controllers, path = line.split(":", 2) if line.count(":") >= 2 else ("", "", "")
        if controllers == "" and _id == "0":  # v2 unified hierarchy
            hierarchies.append((root, path, False))
        elif "cpu" in controllers.split(","):
            hierarchies.append((root / "cpu", path, True))
    if not hierarchies:  # no /proc/self/cgroup: the namespace root's own files
        hierarchies = [(root, "/", False), (root / "cpu", "/", True)]
    quotas = []
    for base, path, v1 in hierarchies:
        parts = [p for p in path.split("/") if p]
        for depth in range(len(parts), -1, -1):
            folder = base.joinpath(*parts[:depth])
            try:
                if v1:
                    text = (
                        f"{(folder / 'cpu.cfs_quota_us').read_text().strip()} "
                        f"{(folder / 'cpu.cfs_period_us').read_text().strip()}"
                    )
                else:
                    text = (folder / "cpu.max").read_text().strip()
            except OSError:
                continue
            quota = quota_cores(text)
            if quota is not None:
                quotas.append(quota)
    return min(quotas) if quotas else None


@functools.cache
def usable_cores() -> int:
    """Cores in this process's affinity mask, capped by its cgroup's CPU quota (read once)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    quota = cgroup_quota()
    return max(1, min(cores, quota) if quota is not None else cores)
