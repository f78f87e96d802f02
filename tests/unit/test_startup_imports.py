"""What loading the search side imports: a server's start-up pays for every module, so
BM25 loads without scipy and segmentation without underthesea's optional pipelines, and
a BM25 index built without scipy scores exactly as bm25s' scipy backend does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index.sparse import FIELDS, SparseIndex, document_terms
from tests.unit.qa_fakes import make_chunk

REPO = Path(__file__).resolve().parents[2]


def _fresh(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (this checkout first) and read its JSON line."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_bm25s_loads_without_scipy() -> None:
    seen = _fresh(
        "import json, sys\n"
        "from index.sparse import _bm25s\n"
        "bm25s = _bm25s()\n"
        "print(json.dumps({'scipy': 'scipy.sparse' in sys.modules,\n"
        "                  'hidden_left': sys.modules.get('scipy.sparse', 0) is None,\n"
        "                  'bm25s': bm25s.__name__}))"
    )
    assert seen == {"scipy": False, "hidden_left": False, "bm25s": "bm25s"}


def test_segmenter_loads_without_optional_pipelines() -> None:
    seen = _fresh(
        "import json, sys\n"
        "from ingest.nlp import _HEAVY, segment\n"
        "words = segment('Tỉnh Cà Mau đã tổ chức tiêm vắc xin')\n"
        "print(json.dumps({'words': words,\n"
        "                  'loaded': sorted(m for m in _HEAVY if sys.modules.get(m)),\n"
        "                  'hidden_left': sorted(m for m in _HEAVY if m in sys.modules)}))"
    )
    assert seen == {"words": "tỉnh cà_mau đã tổ_chức tiêm vắc_xin", "loaded": [], "hidden_left": []}


def test_bm25_built_without_scipy_scores_as_the_scipy_backend(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import scipy.sparse

    from index.sparse import _bm25s

    # bm25s loaded as hoidap loads it (scipy hidden), given scipy back for the reference.
    bm25s = _bm25s()
    monkeypatch.setattr(bm25s, "sp", scipy.sparse, raising=False)
    monkeypatch.setattr(bm25s, "SCIPY_AVAILABLE", True)

    texts = [
        ("tỉnh cà_mau đã tiêm vắc_xin cho 859.463 người", "Tinh Ca Mau da tiem vac xin 859.463"),
        ("bạc_liêu hỗ_trợ người dân 1.500.000 đồng", "Bac Lieu ho tro nguoi dan 1.500.000 dong"),
        ("cà_mau có 3 ca tử_vong , tiêm mũi 2", "Ca Mau co 3 ca tu vong tiem mui 2"),
    ]
    chunks = [
        replace(make_chunk(segmented, ordinal=i), segmented=segmented, unaccented=unaccented)
        for i, (segmented, unaccented) in enumerate(texts)
    ]
    ours = SparseIndex.build(chunks)
    for field in FIELDS:
        reference = bm25s.BM25(csc_backend="scipy")
        reference.index([document_terms(c)[field] for c in chunks], show_progress=False)
        mine = ours.retrievers[field]
        assert mine.vocab_dict == reference.vocab_dict
        for key in ("data", "indices", "indptr"):
            assert np.array_equal(mine.scores[key], reference.scores[key]), (field, key)


def test_a_server_with_answer_workers_never_imports_the_pipeline() -> None:
    """The server's first question went through ``qa.pipeline`` for the in-flight count:
    0.4 s of imports that a server whose workers answer does not need, paid by its first user."""
    seen = _fresh(
        "import json, sys\n"
        "from ui.answer_workers import WorkerPipeline\n"
        "from ui.wire import BODY\n"
        "class Workers:\n"
        "    def call(self, request):\n"
        "        return BODY, json.dumps({'question': request['args']['question']}).encode()\n"
        "body = WorkerPipeline(None, Workers()).ask_body('Cà Mau tiêm bao nhiêu người?')\n"
        "print(json.dumps({'body': json.loads(body),\n"
        "                  'pipeline': 'qa.pipeline' in sys.modules}))"
    )
    assert seen == {"body": {"question": "Cà Mau tiêm bao nhiêu người?"}, "pipeline": False}


def test_word_model_is_read_without_joblib() -> None:
    """underthesea's word list read with the C unpickler (0.05 s), not joblib's pure-Python
    one (0.25 s of every worker's start)."""
    seen = _fresh(
        "import json\n"
        "from ingest import nlp\n"
        "nlp._underthesea()\n"
        "import joblib\n"
        "def slow(*args, **kwargs):\n"
        "    raise AssertionError('joblib.load')\n"
        "joblib.load = slow\n"
        "print(json.dumps({'words': nlp.segment('Tỉnh Cà Mau đã tổ chức tiêm vắc xin')}))"
    )
    assert seen == {"words": "tỉnh cà_mau đã tổ_chức tiêm vắc_xin"}


def test_word_model_segments_as_underthesea_loads_it() -> None:
    """The same segmentation, word for word, as the model underthesea loads itself, over
    every line of a bundled report (a difference would split the index's words from the
    questions')."""
    seen = _fresh(
        "import json, pathlib, sys\n"
        "import joblib\n"
        "from ingest import nlp\n"
        "path = sorted(pathlib.Path('data/reports').glob('*.txt'))[0]\n"
        "lines = [line for line in path.read_text(encoding='utf-8').splitlines()"
        " if line.strip()]\n"
        "nlp._underthesea()\n"
        "load, joblib.load = joblib.load, None  # ours: not underthesea's model loader\n"
        "ours = [nlp.segment(line) for line in lines]\n"
        "joblib.load = load\n"
        "package = sys.modules['underthesea.pipeline.word_tokenize']\n"
        "loaded_here = type(package.word_tokenize_model).__name__\n"
        "package.word_tokenize_model = None  # underthesea's own loader, joblib and all\n"
        "theirs = [nlp._underthesea().word_tokenize(line, format='text').lower()"
        " for line in lines]\n"
        "print(json.dumps({'lines': len(lines), 'loaded_here': loaded_here,\n"
        "                  'differ': [a for a, b in zip(ours, theirs) if a != b]}))"
    )
    assert seen["loaded_here"] == "FastCRFSequenceTagger"
    assert int(str(seen["lines"])) > 50
    assert seen["differ"] == []


def test_word_model_left_to_underthesea_when_its_files_differ() -> None:
    seen = _fresh(
        "import json\n"
        "from ingest import nlp\n"
        "nlp._WORD_MODEL = 'a_model_folder_underthesea_renamed'\n"
        "print(json.dumps({'words': nlp.segment('Tỉnh Cà Mau đã tổ chức tiêm vắc xin')}))"
    )
    assert seen == {"words": "tỉnh cà_mau đã tổ_chức tiêm vắc_xin"}


def test_underthesea_pipelines_segmentation_never_calls_are_imported_on_first_use() -> None:
    """POS tagging, NER and chunking, which ``import underthesea`` imports and which build
    their dictionaries at import (~0.25 s of every process's start), are not imported for
    segmentation; ``underthesea.pos_tag`` and the others still work when called."""
    seen = _fresh(
        "import json, sys\n"
        "from ingest.nlp import _DEFERRED, _underthesea, segment\n"
        "words = segment('Tỉnh Cà Mau đã tổ chức tiêm vắc xin')\n"
        "loaded = sorted(m for m in _DEFERRED if m in sys.modules)\n"
        "u = _underthesea()\n"
        "tags = u.pos_tag('Cà Mau tiêm vắc xin')\n"
        "entities = u.ner('Cà Mau tiêm vắc xin')\n"
        "chunks = u.chunk('Cà Mau tiêm vắc xin')\n"
        "print(json.dumps({'words': words, 'loaded': loaded,\n"
        "                  'tags': tags[0], 'entity': entities[0][3], 'chunk': chunks[0][2],\n"
        "                  'after': sorted(m for m in _DEFERRED if m in sys.modules)}))"
    )
    assert seen == {
        "words": "tỉnh cà_mau đã tổ_chức tiêm vắc_xin",
        "loaded": [],
        "tags": ["Cà Mau", "Np"],
        "entity": "B-LOC",
        "chunk": "B-NP",
        "after": sorted(
            [
                "underthesea.pipeline.pos_tag",
                "underthesea.pipeline.ner",
                "underthesea.pipeline.chunking",
            ]
        ),
    }


def test_a_library_taking_more_from_a_stand_in_is_imported_again_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoidap.imports import import_without

    package = tmp_path / "libwithparts"
    (package / "tagger").mkdir(parents=True)
    (package / "__init__.py").write_text("from .tagger import tag, TABLE\n", encoding="utf-8")
    (package / "tagger" / "__init__.py").write_text(
        "TABLE = {'built': 'at import'}\n\ndef tag(text):\n    return text.upper()\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("libwithparts", "libwithparts.tagger"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    # The stand-in has `tag` only; the library takes TABLE too, so it is imported again
    # with the real part, which then answers.
    lib = import_without("libwithparts", (), {"libwithparts.tagger": ("tag",)})
    assert lib.TABLE == {"built": "at import"}
    assert lib.tag("cà mau") == "CÀ MAU"
    assert type(sys.modules["libwithparts.tagger"]).__name__ == "module"
    assert sys.modules["libwithparts.tagger"].__file__ is not None
    for name in ("libwithparts", "libwithparts.tagger"):
        monkeypatch.delitem(sys.modules, name, raising=False)
