"""govkg.graph: resolves extraction records into one knowledge graph and writes it out."""
