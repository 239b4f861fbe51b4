"""govkg.graph: resolves extraction records into one knowledge graph and writes it out."""

from .build import DEFAULT_BASE_IRI, GraphBuilder, build_graph

__all__ = ["DEFAULT_BASE_IRI", "GraphBuilder", "build_graph"]
