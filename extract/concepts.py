"""Finds concepts in a document (being written)."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Mention
from .text import Doc


def concepts(doc: Doc) -> Iterator[Mention]:
    yield from ()
