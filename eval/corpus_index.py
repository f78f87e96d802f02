"""The evaluation corpus: the bundled reports plus the evaluation documents in
``eval/corpus/dev`` and ``eval/corpus/extra``, indexed together as one official's folder
would hold them.

Questions written over the development documents are only fair when the bundled reports
sit in the same index (and the other way round): an answer must be found among every
document, not among the few it was written from. The index is built into a cache folder
(``runs/index-eval`` by default, git-ignored) and rebuilt only when the documents, the
ingest/index code or the chunking settings change. Passage vectors come from the shipped
seeds (``data/vectors`` for the bundled reports, ``eval/corpus/vectors`` for the
evaluation documents), keyed by chunk text: a chunk that a new ingest cuts differently is
embedded afresh, the rest are reused, so tests and CI never embed the corpus from scratch.

    python -m eval.corpus_index                  # build (or reuse) runs/index-eval
    python -m eval.corpus_index --refresh-seed   # rewrite eval/corpus/vectors from it
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from hoidap.config import Config
from qa.sentences import analysis_fingerprint

EVAL_DIR = Path(__file__).resolve().parent
REPO = EVAL_DIR.parent
DEV_DIR = EVAL_DIR / "corpus" / "dev"
EXTRA_DIR = EVAL_DIR / "corpus" / "extra"
# Every folder of evaluation documents, each with its MANIFEST.tsv.
EVAL_DIRS = (DEV_DIR, EXTRA_DIR)
DEV_SEED = EVAL_DIR / "corpus" / "vectors"
MANIFEST = DEV_DIR / "MANIFEST.tsv"
INDEX_DIR = Path("runs/index-eval")
STAMP = "eval_corpus.json"

BUNDLED_GENRE = "covid-report"
# MANIFEST.tsv ``kind`` -> the genre names the question sets use.
GENRES = {
    "kế hoạch": "plan",
    "quyết định + kế hoạch": "decision-plan",
    "thông báo kết luận": "conclusion-notice",
}
# Kinds not in the table: a decision of any sort ("quyết định (QPPL)") is a "decision".
# What decides the chunks and their vectors: if any of it changes, the index is rebuilt.
_CODE = ("hoidap/text.py", "hoidap/types.py", "ingest", "index")


def manifest_rows(manifest: Path = MANIFEST) -> list[dict[str, str]]:
    """The rows of ``MANIFEST.tsv`` (file, province, issuer, kind, ..., sha256)."""
    with manifest.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def dev_files(dirs: Sequence[Path] = EVAL_DIRS) -> list[Path]:
    """The evaluation documents of ``dirs``, in name order (manifests and READMEs are not
    documents)."""
    return sorted((p for d in dirs for p in d.glob("*.txt") if p.is_file()), key=lambda p: p.name)


def bundled_files(config: Config) -> list[Path]:
    """The reports of the configured reports folder that ingest reads."""
    from ingest.readers import SUPPORTED

    folder = config.reports_path
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)


def corpus_files(config: Config, dirs: Sequence[Path] = EVAL_DIRS) -> list[Path]:
    """Every document of the evaluation corpus: bundled reports, then evaluation ones."""
    return bundled_files(config) + dev_files(dirs)


def report_texts(config: Config, dirs: Sequence[Path] = EVAL_DIRS) -> dict[str, str]:
    """NFC text of every document of the evaluation corpus, by file name (where gold
    evidence is looked up, whichever folder the report lives in)."""
    from eval.gold import read_reports

    files = corpus_files(config, dirs)
    names = [p.name for p in files]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:
        raise ValueError(f"report names in two folders: {', '.join(clash)}")
    texts: dict[str, str] = {}
    for folder in {p.parent for p in files}:
        texts.update(read_reports(folder, {p.name for p in files if p.parent == folder}))
    return texts


def genre_of_kind(kind: str) -> str:
    """The genre name of a manifest ``kind``."""
    if kind in GENRES:
        return GENRES[kind]
    return "decision" if kind.startswith("quyết định") else kind


def report_genres(config: Config, dirs: Sequence[Path] = EVAL_DIRS) -> dict[str, str]:
    """Genre of each report: the bundled ones are COVID-19 result reports, the evaluation
    ones take theirs from their folder manifest's ``kind``."""
    genres = {p.name: BUNDLED_GENRE for p in bundled_files(config)}
    for folder in dirs:
        manifest = folder / MANIFEST.name
        if manifest.is_file():
            for row in manifest_rows(manifest):
                genres[row["file"]] = genre_of_kind(row["kind"])
    return genres


def _stamp(config: Config, files: list[Path]) -> dict[str, object]:
    """What the index was built from: document hashes, code hash and settings."""
    code = hashlib.sha256()
    for name in _CODE:
        path = REPO / name
        found = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in found:
            if f.is_file() and "__pycache__" not in f.parts:
                code.update(str(f.relative_to(REPO)).encode() + b"\0" + f.read_bytes())
    return {
        "documents": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files},
        "code": code.hexdigest(),
        "encoder": config.encoder,
        "document_prompt": config.document_prompt,
        "passage_tokens": config.passage_tokens,
        "chunk_words": [config.chunk_min_words, config.chunk_max_words],
        # the sentence analysis stored with each chunk is remade when its code changes
        "analysis": analysis_fingerprint(),
    }


def eval_index_config(config: Config, index_dir: Path | None = None) -> Config:
    """``config`` pointed at the evaluation index folder."""
    return config.replace(index_dir=index_dir or INDEX_DIR)


def build_eval_index(
    config: Config,
    index_dir: Path | None = None,
    *,
    dirs: Sequence[Path] = EVAL_DIRS,
    seed: Path = DEV_SEED,
    progress: bool = False,
    force: bool = False,
) -> Config:
    """Build the combined index unless an up-to-date one is there; returns the config that
    opens it. Raises IngestError-like InputError when a document cannot be read."""
    from hoidap.errors import InputError
    from index.lock import build_lock
    from index.store import MANIFEST as INDEX_MANIFEST
    from index.store import build_index

    cfg = eval_index_config(config, index_dir)
    files = corpus_files(config, dirs)
    stamp = _stamp(cfg, files)
    stamp_file = cfg.index_path / STAMP

    def fresh() -> bool:
        if force or not (cfg.index_path / INDEX_MANIFEST).is_file() or not stamp_file.is_file():
            return False
        try:
            return bool(json.loads(stamp_file.read_text(encoding="utf-8")) == stamp)
        except ValueError:
            return False

    if fresh():
        return cfg
    # Two evaluations started together (two CV seeds) would both build and swap the same
    # folder; the second to swap found the first's folder gone. The build lock makes one
    # wait, and the waiter uses the index the other built if it is what it needs.
    with build_lock(cfg.index_path, timeout=3600):  # a build on a busy machine is slow
        if fresh():
            return cfg
        from ingest.pipeline import ingest_paths

        result = ingest_paths(files, cfg, progress=progress)
        if result.errors:
            raise InputError(
                f"evaluation corpus: {len(result.errors)} document(s) unreadable: "
                f"{result.errors[0]}"
            )
        build_index(cfg, list(result.reports), list(result.chunks), progress=progress, seeds=[seed])
        _write_json(stamp_file, stamp)
    return cfg


def _write_json(path: Path, data: object, indent: int | None = 1) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
    tmp.replace(path)


def refresh_seed(config: Config, index_dir: Path | None = None, seed: Path = DEV_SEED) -> int:
    """Write the evaluation documents' passage vectors from the evaluation index into
    ``seed`` (float16: half the size, cosine to the float32 vector above 0.9999).

    Returns the number of vectors written. Run after an ingest change re-cut the chunks.
    """
    import numpy as np

    from index.cache import VectorCache
    from index.store import CHUNKS

    cfg = build_eval_index(config, index_dir, progress=True)
    cache = VectorCache.load(cfg.index_path)
    dev = {p.name for p in dev_files()}
    keys: list[str] = []
    with (cfg.index_path / CHUNKS).open(encoding="utf-8") as f:
        for line, key in zip(f, cache.keys, strict=True):
            if json.loads(line)["source"] in dev and key not in keys:
                keys.append(key)
    rows = np.stack([cache.vectors[cache.row(k)] for k in keys]).astype(np.float16)
    seed.mkdir(parents=True, exist_ok=True)
    tmp = seed / ".vectors.npy.tmp"
    with tmp.open("wb") as f:
        np.save(f, rows, allow_pickle=False)
    tmp.replace(seed / "vectors.npy")
    _write_json(seed / "vector_keys.json", keys, indent=None)
    return len(keys)


def main(argv: list[str] | None = None) -> int:
    from hoidap.config import load_config

    parser = argparse.ArgumentParser(prog="python -m eval.corpus_index", description=__doc__)
    parser.add_argument("--index-dir", type=Path, help="default runs/index-eval")
    parser.add_argument("--refresh-seed", action="store_true", help="rewrite eval/corpus/vectors")
    args = parser.parse_args(argv)
    config = load_config()
    if args.refresh_seed:
        n = refresh_seed(config, args.index_dir)
        print(f"{n} vectors -> {DEV_SEED}")
    else:
        cfg = build_eval_index(config, args.index_dir, progress=True)
        print(f"evaluation index -> {cfg.index_path}")
    return 0


def genre_of(reports: tuple[str, ...], genres: Mapping[str, str]) -> str | None:
    """The genre of a question's reports: the first report's."""
    for name in reports:
        if name in genres:
            return genres[name]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
