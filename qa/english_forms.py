"""English word forms by ``lemminflect``'s judgement, read from ``data/english_forms.json``.

Three places need English inflections: the glossary's forms of its keys
(:func:`qa.glossary.inflections`), the plural unit of an English lead
(``qa.english._plural``) and the plural head noun of "how many" (``qa.query._plural_noun``).
``lemminflect`` answers all three from dictionaries that cost every process that answers
an English question ~51 MB of RSS (its inflection table ~18 MB, its lemma table ~33 MB)
and ~0.27 s to build; the 100x corpus benchmark went from 381 MB to 432 MB with them.
This file holds exactly what the three need, written by ``lemminflect`` itself
(``python -m qa.english_forms``):

* ``noun_forms`` / ``verb_forms``: the plural of the last word and the verb forms of the
  first word of every glossary key, as ``lemminflect`` inflects them (its suffix rules
  for a word its dictionary lacks, "roadmap");
* ``unit_plurals``: the plural of the last word of every glossary key that its
  dictionary knows as a singular noun (an English lead's unit is a glossary key);
* ``participle_bases``: for every one-word glossary key that is the past or participle of
  one verb ("recorded" of "record"), that verb's base form: "did Cà Mau record"
  says the key's verb without its participle (:func:`qa.glossary.glosses`);
* ``plural_nouns``: every word whose noun lemma is another word and that is not an
  auxiliary ("projects", not "data", "people" nor "does"); question words are any
  English, so this is the dictionary's whole list (15,665 words, the bulk of the file).

It is 0.3 MB on disk and ~3 MB of Python objects once loaded (tracemalloc), read in
~0.04 s; ``hoidap ask`` of an English question peaked at 203 MB with lemminflect's
tables and peaks at 155 MB with this file, and ``bench/bench_store.py --scales 100``'s
RSS went from 432 MB to 383 MB (same run, load 1.2).

``lemminflect`` is a test dependency only: ``tests/unit/test_qa_english_forms.py``
rebuilds the file with it and asserts it equals the shipped one, so it cannot drift
from the glossary tables or from the library.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "english_forms.json"
_REBUILD = "python -m qa.english_forms"
# The glossary tables (qa.glossary.TABLES is this tuple): importing qa.glossary needs this file.
GLOSSARY_TABLES = (
    Path(__file__).parent / "data" / "glossary_en_vi.tsv",
    Path(__file__).parent / "data" / "glossary_admin_en_vi.tsv",
    Path(__file__).parent / "data" / "glossary_sectors_en_vi.tsv",
    Path(__file__).parent / "data" / "glossary_general_en_vi.tsv",
)


@dataclass(frozen=True)
class Forms:
    noun_forms: dict[str, tuple[str, ...]]
    verb_forms: dict[str, tuple[str, ...]]
    unit_plurals: dict[str, str]
    plural_nouns: frozenset[str]
    participle_bases: dict[str, str]


@functools.cache
def forms() -> Forms:
    """The shipped tables, read once per process."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return Forms(
        {w: tuple(f) for w, f in raw["noun_forms"].items()},
        {w: tuple(f) for w, f in raw["verb_forms"].items()},
        dict(raw["unit_plurals"]),
        frozenset(raw["plural_nouns"]),
        dict(raw["participle_bases"]),
    )


def word_forms(word: str, upos: str) -> tuple[str, ...]:
    """The plural (``upos`` NOUN) or the verb forms (VERB) of a glossary key's word; a word
    the file lacks is an error naming the command that rebuilds it (a key added to a
    glossary table without rebuilding)."""
    table = forms().noun_forms if upos == "NOUN" else forms().verb_forms
    try:
        return table[word]
    except KeyError:
        raise LookupError(
            f"{word!r} ({upos}) is not in {DATA.name}: rebuild it with `{_REBUILD}`"
        ) from None


def _lemminflect_forms(word: str, upos: str) -> tuple[str, ...]:
    """lemminflect's inflections of ``word`` as a NOUN (plural) or a VERB (every form);
    its suffix rules only for a word its dictionary lacks ("roadmap")."""
    from lemminflect import getAllInflections, getInflection

    if upos == "NOUN":
        return tuple(getInflection(word, "NNS", inflect_oov=True) or ())
    known = getAllInflections(word, upos="VERB")
    if known:
        return tuple(f for forms in known.values() for f in forms)
    return tuple(
        f for tag in ("VBZ", "VBD", "VBG") for f in getInflection(word, tag, inflect_oov=True)
    )


def _is_plural_noun(word: str) -> bool:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    nouns = lemmas.get("NOUN", ())
    return bool(nouns) and word not in nouns and "AUX" not in lemmas


def _unit_plural(last: str) -> str | None:
    from lemminflect import getAllLemmas, getInflection

    if last not in getAllLemmas(last).get("NOUN", ()):
        return None
    found = getInflection(last, "NNS")
    return found[0] if found else None


def _participle_base(word: str) -> str | None:
    """The base form of the one verb ``word`` is the past or participle of ("recorded":
    "record"); None when it is no such form, or of two verbs, or its verb is itself another
    verb's past ("founded": "found" is also "find"'s past)."""
    from lemminflect import getAllInflections, getAllLemmas

    lemmas = getAllLemmas(word).get("VERB", ())
    if len(lemmas) != 1 or lemmas[0] == word or " " in word or not word.isalpha():
        return None
    base = lemmas[0]
    forms = getAllInflections(base, upos="VERB")
    if word not in (*forms.get("VBD", ()), *forms.get("VBN", ())):
        return None
    if getAllLemmas(base).get("VERB", (base,)) != (base,):
        return None
    return base


def build(keys: Iterable[str]) -> dict[str, object]:
    """The file's content for the glossary ``keys``, computed with ``lemminflect`` (its
    lemma dictionary's words are every word ``getAllLemmas`` can know anything of)."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    keys = list(keys)
    lasts = sorted({k.split(" ")[-1] for k in keys})
    firsts = sorted({k.split(" ")[0] for k in keys})
    inflectable = [w for w in lasts if len(w) >= 3 and w.isalpha()]
    verbs = [w for w in firsts if len(w) >= 3 and w.isalpha()]
    lemmatizer = Lemmatizer()
    # Every word getAllLemmas can know: it lowercases what it is asked.
    words = {w for w in (*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict())}
    units = {w: _unit_plural(w) for w in lasts}
    return {
        "noun_forms": {w: list(_lemminflect_forms(w, "NOUN")) for w in inflectable},
        "verb_forms": {w: list(_lemminflect_forms(w, "VERB")) for w in verbs},
        "unit_plurals": {w: p for w, p in units.items() if p},
        "participle_bases": {k: b for k in keys if (b := _participle_base(k))},
        "plural_nouns": sorted(w for w in words if w == w.lower() and _is_plural_noun(w)),
    }


def glossary_keys() -> list[str]:
    """Every key of every glossary table (what :func:`qa.glossary.restrict` may keep),
    read here rather than from :mod:`qa.glossary`, whose import needs this file."""
    keys: set[str] = set()
    for path in GLOSSARY_TABLES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.strip().startswith("#"):
                keys.add(line.strip().partition("\t")[0].strip())
    return sorted(keys)


def render(content: dict[str, object]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> None:
    DATA.write_text(render(build(glossary_keys())), encoding="utf-8")
    print(f"wrote {DATA} ({DATA.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
