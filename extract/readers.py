"""Reads documents from files and folders into decoded text (minimal version, being extended)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import DocumentError
from .model import SourceDocument

SUFFIXES = (".txt", ".jsonl")


def _clean(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path, source: str) -> list[SourceDocument]:
    raw = path.read_bytes()
    if path.suffix.lower() == ".jsonl":
        docs = []
        for i, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            if line.strip():
                obj = json.loads(line)
                text = _clean(obj.pop("text"))
                docs.append(SourceDocument(f"{source}#{i}", text, str(obj.get("title", "")), "jsonl", obj))
        return docs
    text = _clean(raw.decode("utf-8"))
    return [SourceDocument(source, text, path.stem, "txt")]


def iter_documents(paths: Sequence[str | Path]) -> Iterator[SourceDocument | DocumentError]:
    """Every document under ``paths`` (files or folders, recursively), or an error for each failure."""
    for given in paths:
        p = Path(given)
        if not p.exists():
            yield DocumentError(str(given), "no such file or directory")
            continue
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
        for f in files:
            source = str(f) if p.is_dir() else str(given)
            try:
                yield from read_file(f, source)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                yield DocumentError(source, str(exc))
