"""govkg.graph: resolves extraction records into one knowledge graph and writes it out."""

from importlib import import_module
from typing import Any

__all__ = ["DEFAULT_BASE_IRI", "GraphBuilder", "build_graph"]


def __getattr__(name: str) -> Any:
    # loaded on first use: the query and serve commands need none of the graph builder
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(".build", __name__), name)
    globals()[name] = value
    return value
