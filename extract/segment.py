"""The one place govkg segments text: jieba with the domain lexicons, tokens with offsets."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import load_words


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """A private jieba tokenizer with the domain words added (built once per process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in load_words("segment_words"):
        tk.add_word(word, freq=None)
    return tk


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets that slice back to it.

    >>> [(t.start, t.text) for t in tokenize("区民政局开展专项行动")][:3]
    [(0, '区'), (1, '民政局'), (4, '开展')]
    """
    tokens: list[Token] = []
    pos = 0
    for word in tokenizer().cut(text, HMM=True):
        end = pos + len(word)
        tokens.append(Token(pos, end, word))
        pos = end
    if pos != len(text):  # jieba drops nothing, but a silent drift would corrupt every offset
        raise AssertionError("jieba tokens do not cover the text")
    return tokens


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that the segmenter cuts each on its own, covering ``text`` in order.

    jieba splits a text at every character outside its word alphabet (punctuation, spaces)
    and segments the runs between one by one, so ``tokenize(text)`` is the tokens of each
    block in turn: a caller that needs the words around one place segments only the blocks
    there.

    >>> text = "开展“三会一课”活动，成效明显"
    >>> blocks(text)
    [(0, 2), (2, 3), (3, 7), (7, 8), (8, 10), (10, 11), (11, 15)]
    >>> [t.text for s, e in blocks(text) for t in tokenize(text[s:e])] == [
    ...     t.text for t in tokenize(text)]
    True
    """
    import jieba

    spans: list[tuple[int, int]] = []
    pos = 0
    for m in jieba.re_han_default.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        spans.append(m.span())
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans
