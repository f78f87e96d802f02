"""Sentences of a chunk: the splitter lives in hoidap/sentences.py, below ``index/``, which
embeds candidate sentences at index time (index/sentences.py); re-exported here for qa."""

from hoidap.sentences import Sentence, is_front_matter, split_sentences, verbatim

__all__ = ["Sentence", "is_front_matter", "split_sentences", "verbatim"]
