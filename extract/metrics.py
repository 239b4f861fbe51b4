"""Finds metrics in a document (being written)."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Metric
from .text import Doc


def metrics(doc: Doc) -> Iterator[Metric]:
    yield from ()
