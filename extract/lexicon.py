"""Loads the domain lexicons: data files of kinds, suffixes and patterns under ``lexicons/``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import LexiconError


def _read(filename: str) -> str:
    try:
        return resources.files(__package__).joinpath("lexicons", filename).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicon {filename} is missing from the package") from None


@lru_cache(maxsize=None)
def load_words(name: str) -> tuple[str, ...]:
    """Entries of ``lexicons/NAME.txt``: one a line, ``#`` starts a comment, blanks skipped."""
    words: list[str] = []
    for lineno, line in enumerate(_read(f"{name}.txt").splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if any(ch.isspace() for ch in entry):
            raise LexiconError(f"lexicons/{name}.txt line {lineno}: {entry!r} contains white space")
        words.append(entry)
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=None)
def load_table(name: str) -> Any:
    """The JSON document ``lexicons/NAME.json``."""
    try:
        return json.loads(_read(f"{name}.json"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"lexicons/{name}.json: {exc}") from None


def lexicon_digest() -> str:
    """A digest of every lexicon file, so caches can tell when a lexicon changed."""
    import hashlib

    h = hashlib.sha256()
    folder = resources.files(__package__).joinpath("lexicons")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith((".txt", ".json")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]
