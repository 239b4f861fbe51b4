"""Where node IRIs live unless a build says otherwise (a module light enough for every command)."""

#: The base of node IRIs: a node's IRI is this base followed by its node id.
DEFAULT_BASE_IRI = "https://w3id.org/govkg/id/"
