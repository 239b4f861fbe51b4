"""The one error hierarchy of govkg: every error says which file or value and what is wrong."""


class GovkgError(Exception):
    """Base of every error govkg raises on purpose."""


class DocumentError(GovkgError):
    """A document could not be read: the message names the file and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class OffsetError(GovkgError):
    """A span does not slice back to the text it claims: a bug in an extractor."""


class LexiconError(GovkgError):
    """A lexicon data file is malformed."""
