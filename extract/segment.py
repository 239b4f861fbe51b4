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
