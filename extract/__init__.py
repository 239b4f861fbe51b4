"""govkg.extract: Chinese government reports in, typed mentions with character offsets out."""

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
from .pipeline import extract_record, extractor_version
from .readers import estimate_documents, iter_documents
from .text import Doc

__all__ = [
    "ENTITY_TYPES", "Doc", "DocumentError", "Entity", "GovkgError", "LexiconError", "Mention",
    "Metric", "OffsetError", "Record", "Section", "Sentence", "SourceDocument", "extract_record",
    "estimate_documents", "extractor_version", "iter_documents", "normalize_name",
]
