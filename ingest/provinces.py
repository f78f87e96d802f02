"""Province names: the 63 provinces before the 2025 merger, the 34 after, and a fast finder.

Questions and reports name provinces in many ways ("Cà Mau", "ca mau", "CÀ MAU",
"tỉnh Cà Mau", "Ca Mau province", "TP. Hồ Chí Minh", "TP HCM"), and since mid-2025 a
name like "Cần Thơ" also stands for the provinces merged into it (Sóc Trăng, Hậu Giang).
The table is built once from the ``vietnamadminunits`` data (``build_table``) and
shipped as ``ingest/data/provinces.json``, so the finder costs no 4 MB JSON load; a test
checks the shipped table against the package.

The finder runs on every question, so it folds the text once (lowercase, no diacritics,
same length as the input so offsets map back) and runs one precompiled regex.

>>> [(m.name, m.matched) for m in find_provinces("Tỉnh Cà Mau và ca mau")]
[('Cà Mau', 'Tỉnh Cà Mau'), ('Cà Mau', 'ca mau')]
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).with_name("data") / "provinces.json"

# Pre-2025 display names that differ from the package's short names.
_NAME_OVERRIDES = {"thanhphohue": "Thừa Thiên Huế"}
# Extra spellings (folded) on top of each name's own folded form.
_EXTRA_ALIASES: dict[str, list[str]] = {
    "Hồ Chí Minh": ["tp hcm", "tphcm", "hcm", "hcmc", "sai gon", "saigon", "hochiminh"],
    "Hà Nội": ["hanoi"],
    "Bà Rịa - Vũng Tàu": ["ba ria vung tau", "vung tau", "brvt", "br vt"],
    "Thừa Thiên Huế": ["hue", "tt hue"],
    "Đắk Lắk": ["dac lac", "daklak", "dak lak"],
    "Đắk Nông": ["dak nong", "daknong"],
    "Bắc Kạn": ["bac can"],
}
# Names that are also common words ("hòa bình" = peace, "hải dương" = ocean): written
# in lowercase they count only after "tỉnh"/"thành phố" or before "province".
_AMBIGUOUS = {
    "hoa binh",
    "thai binh",
    "hai duong",
    "long an",
    "cao bang",
    "gia lai",
    "vinh phuc",
    "binh dinh",
    "phu tho",
    "ha nam",
    "nam dinh",
    "hue",
    "yen bai",
    "binh phuoc",
}
# "Hồ Chí Minh" after these words is the person, not the city.
_PERSON_CUES = ("chu tich", "bac", "tu tuong", "phong cach", "dao duc", "lang", "cong san")


@dataclass(frozen=True)
class ProvinceMention:
    """A province named in text.

    ``name`` is the canonical pre-2025 name ("Cà Mau"); ``matched`` the text as written,
    ``start``/``end`` its offsets in the input; ``members`` the pre-2025 provinces the
    mention covers: itself, or for a 2025 province name every province merged into it
    ("Cần Thơ" -> Cần Thơ, Hậu Giang, Sóc Trăng).
    """

    name: str
    matched: str
    start: int
    end: int
    members: tuple[str, ...]


# ------------------------------------------------------------------------ folding


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    bare = bare.replace("đ", "d").replace("Đ", "D").lower()
    return bare


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` (lowercase, no diacritics) keeping, for every folded character, the
    offset of the input character it came from (plus one final entry for the end)."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = ch if ch.isascii() and not ch.isupper() else _fold_char(ch)
        out.append(f)
        offsets.extend([i] * len(f))
    offsets.append(len(text))
    return "".join(out), offsets


def _key(text: str) -> str:
    """Canonical folded form of a spelling: words only, single spaces."""
    folded, _ = fold_with_offsets(unicodedata.normalize("NFC", text))
    return " ".join(re.findall(r"[a-z0-9]+", folded))


# ------------------------------------------------------------------------- table


def build_table() -> list[dict[str, Any]]:
    """The province table from the installed ``vietnamadminunits`` data files.

    Read as plain JSON (the package itself imports pandas); rows are pre-2025 provinces
    in the package's order: name, type, and the 2025 province they belong to.
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("vietnamadminunits is not installed")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    new = json.loads((data / "parser_from_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    merged = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    old_to_new = {old: new_key for new_key, olds in merged.items() for old in olds}
    rows = []
    for key, info in legacy.items():
        name = _NAME_OVERRIDES.get(key, info["provinceShort"])
        rows.append(
            {
                "key": key,
                "name": name,
                "full_name": info["province"],
                "province_2025": new[old_to_new[key]]["provinceShort"],
            }
        )
    return rows


def write_table(path: Path = TABLE_PATH) -> None:
    """Regenerate ``ingest/data/provinces.json`` (run after upgrading vietnamadminunits)."""
    path.write_text(
        json.dumps(build_table(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


@dataclass(frozen=True)
class _Index:
    names: list[str]
    to_2025: dict[str, str]
    members_2025: dict[str, tuple[str, ...]]
    alias_to_name: dict[str, str]
    regex: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    rows = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    names = [r["name"] for r in rows]
    to_2025 = {r["name"]: r["province_2025"] for r in rows}
    members: dict[str, list[str]] = {}
    for r in rows:
        members.setdefault(r["province_2025"], []).append(r["name"])
    aliases: dict[str, str] = {}
    for name in names:
        aliases[_key(name)] = name
        for extra in _EXTRA_ALIASES.get(name, []):
            aliases[_key(extra)] = name
    # 2025 names that are not a pre-2025 name ("Huế") point to their only member.
    for new_name, olds in members.items():
        aliases.setdefault(_key(new_name), olds[0])
    members_2025 = {
        new_name: tuple(
            [n for n in olds if n == new_name]
            + sorted((n for n in olds if n != new_name), key=_key)
        )
        for new_name, olds in members.items()
    }
    sep = r"(?:\s*[-–]\s*|\s+)"
    alts = sorted(aliases, key=len, reverse=True)
    body = "|".join(sep.join(re.escape(w) for w in a.split(" ")) for a in alts)
    regex = re.compile(
        r"(?<![a-z0-9])"
        r"(?P<prefix>(?:tinh|thanh pho|tp)\.?\s*)?"
        rf"(?P<name>{body})"
        r"(?P<suffix>\s+(?:province|city))?"
        r"(?![a-z0-9])"
    )
    return _Index(names, to_2025, members_2025, aliases, regex)


# -------------------------------------------------------------------------- API


def all_provinces() -> list[str]:
    """The 63 pre-2025 province names, with diacritics."""
    return list(_index().names)


def province_2025(name: str) -> str:
    """The post-2025 province that ``name`` (any spelling) belongs to; "" when unknown.

    >>> province_2025("Sóc Trăng"), province_2025("bac giang")
    ('Cần Thơ', 'Bắc Ninh')
    """
    idx = _index()
    canonical = idx.alias_to_name.get(_key(name))
    return idx.to_2025[canonical] if canonical else ""


def _members(name: str, idx: _Index) -> tuple[str, ...]:
    """Every pre-2025 province a written name covers."""
    return idx.members_2025.get(name, (name,))


def _accept(m: re.Match[str], alias: str, folded: str, written: str) -> bool:
    if m.group("prefix") or m.group("suffix"):
        return True
    if alias in _AMBIGUOUS and not all(w[:1].isupper() for w in re.findall(r"\w+", written)):
        return False
    if alias == "ho chi minh":
        before = folded[max(0, m.start() - 20) : m.start()].strip()
        if before.endswith(_PERSON_CUES):
            return False
    return True


def find_provinces(text: str) -> list[ProvinceMention]:
    """Every province named in ``text``, in order, accented or not, any case.

    The optional "tỉnh"/"thành phố"/"TP." before and "province"/"city" after a name are
    part of ``matched``. Names that are also common words ("hòa bình") count only when
    capitalised or introduced by "tỉnh"/"thành phố".
    """
    if not text:
        return []
    idx = _index()
    folded, offsets = fold_with_offsets(text)
    found: list[ProvinceMention] = []
    for m in idx.regex.finditer(folded):
        alias = " ".join(re.findall(r"[a-z0-9]+", m.group("name")))
        name = idx.alias_to_name[alias]
        s_name, e_name = offsets[m.start("name")], offsets[m.end("name")]
        if not _accept(m, alias, folded, text[s_name:e_name]):
            continue
        start, end = offsets[m.start()], offsets[m.end()]
        found.append(ProvinceMention(name, text[start:end], start, end, _members(name, idx)))
    return found


if __name__ == "__main__":  # python -m ingest.provinces: regenerate the shipped table
    write_table()
    print(f"wrote {TABLE_PATH} ({len(build_table())} provinces)")
