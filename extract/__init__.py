"""govkg.extract: Chinese government reports in, typed mentions with character offsets out."""

from importlib import import_module
from typing import Any

from .errors import DocumentError, GovkgError, LexiconError, OffsetError
from .model import (
    ENTITY_TYPES,
    Entity,
    Mention,
    Metric,
    Record,
    Section,
    Sentence,
    SourceDocument,
    normalize_name,
)

# The extractors compile their lexicons when imported; they load on first use, so a command
# that does not extract (govkg query, govkg serve) starts without paying for them.
_LAZY = {
    "extract_record": "pipeline",
    "extractor_version": "pipeline",
    "estimate_documents": "readers",
    "iter_documents": "readers",
    "Doc": "text",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ENTITY_TYPES", "Doc", "DocumentError", "Entity", "GovkgError", "LexiconError", "Mention",
    "Metric", "OffsetError", "Record", "Section", "Sentence", "SourceDocument", "extract_record",
    "estimate_documents", "extractor_version", "iter_documents", "normalize_name",
]
