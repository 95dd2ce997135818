"""Topics of a task, found with jieba and the topic scheme's labels as its dictionary.

The tagger owns its own :class:`jieba.Tokenizer` (jieba's global one keeps state and logs to
stderr) with every topic label added as a word, so 危险废物 and 医疗废物 stay whole. A task's
topics cover its own text and the text of its requirements.

>>> tagger = TopicTagger([("t:hw", "危险废物", ["危废"], None), ("t:mw", "医疗废物", ["医废"], "t:hw")])
>>> tagger.topics("督促医院规范处置医疗废物和危废")
('t:mw', 't:hw')
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from dataclasses import replace

from .jieba_import import jieba

from .records import Task
from .text import fold

__all__ = ["TopicTagger"]


class TopicTagger:
    """Tags text with topic concepts. ``labels`` are ``(iri, prefLabel, altLabels, broader)``."""

    def __init__(self, labels: list[tuple[str, str, list[str], str | None]]) -> None:
        self._by_word: dict[str, str] = {}
        for iri, pref, alts, _broader in labels:
            for word in (pref, *alts):
                self._by_word.setdefault(fold(word), iri)
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for word in self._by_word:
            self._tokenizer.add_word(word, freq=200000)
        self._longest = max((len(w) for w in self._by_word), default=0)
        # only the blocks of text jieba cuts on their own that hold a label can yield one
        words = sorted(self._by_word, key=len, reverse=True)
        self._candidates = re.compile("|".join(map(re.escape, words))) if words else None
        self._blocks = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
        # documents repeat their phrases (template tasks, role words): each block is cut once
        self._block_topics = lru_cache(maxsize=65536)(self._cut_block)

    @classmethod
    def from_ontology(cls) -> TopicTagger:
        """A tagger over the topic scheme shipped with ``govkg.ontology``."""
        from govkg.ontology import topic_labels

        return cls(topic_labels())

    def topics(self, text: str) -> tuple[str, ...]:
        """Topic IRIs named in ``text``, in order of first mention."""
        found: dict[str, None] = {}
        folded = fold(text)
        if self._candidates is None or not self._candidates.search(folded):
            return ()
        # jieba cuts each run of Han characters (and ASCII word characters) on its own, so
        # cutting only the runs that hold a label gives the same words as cutting the whole text
        for block in self._blocks.finditer(folded):
            if self._candidates.search(block.group()):
                found.update(dict.fromkeys(self._block_topics(block.group())))
        return tuple(found)

    def clear_cache(self) -> None:
        """Forget the blocks cut so far (a benchmark measures a cold tagger this way)."""
        self._block_topics.cache_clear()

    def _cut_block(self, block: str) -> tuple[str, ...]:
        """Topic IRIs of the words jieba cuts ``block`` into, in order."""
        return tuple(iri for word, _start, _end in self._tokenizer.tokenize(block) if (iri := self._by_word.get(word)))

    def tag_tasks(self, tasks: list[Task]) -> list[Task]:
        """Tasks with ``topics`` set from their text and their requirements' text."""
        own = {t.key: self.topics(t.text) for t in tasks}
        merged = {k: dict.fromkeys(v) for k, v in own.items()}
        for t in tasks:
            if t.parent in merged and not t.assignments:
                merged[t.parent].update(dict.fromkeys(own[t.key]))
        return [replace(t, topics=tuple(merged[t.key])) for t in tasks]
