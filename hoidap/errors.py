"""User-facing errors: each names the bad value and what to do about it.

The CLI prints ``str(error)`` on one line and exits with ``exit_code``; the
traceback is shown only with ``-v``.
"""

from __future__ import annotations


class HoidapError(Exception):
    """Base of every error a user can fix; ``hint`` says how."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(HoidapError):
    """A bad value in hoidap.toml, a HOIDAP_* variable or a flag."""

    exit_code = 2


class InputError(HoidapError):
    """A question or request that cannot be answered as given."""

    exit_code = 2


class IngestError(HoidapError):
    """A report file that cannot be read; ``path`` names it."""

    def __init__(self, path: str, message: str, hint: str = "") -> None:
        super().__init__(f"{path}: {message}", hint)
        self.path = path


class IndexMissingError(HoidapError):
    """No index at the configured folder; ``command`` is the one that builds it there
    (``hoidap.config.index_command``: with the user's ``--index-dir``)."""

    def __init__(self, index_dir: str, command: str = "hoidap index") -> None:
        super().__init__(
            f"Chưa có chỉ mục tại {index_dir} / no index at {index_dir}",
            f"chạy / run `{command}` trước / first",
        )


class IndexMismatchError(HoidapError):
    """The index on disk was built with another encoder or format."""


class ExtraMissingError(HoidapError):
    """An optional feature whose extra is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(
            f"{feature} cần gói tùy chọn '{extra}' / {feature} needs the optional extra '{extra}'",
            f"cài / install: pip install 'hoidap[{extra}]'",
        )


# What a question without a letter or a digit is told (the CLI, the API and the chat alike).
NO_WORDS = (
    "câu hỏi không có chữ hay số nào / the question has no words",
    'hãy nhập câu hỏi bằng chữ, ví dụ / type it in words, e.g. "Cà Mau đã tiêm bao nhiêu người?"',
)
