"""The closed vocabulary of the govkg ontology: every term is declared once, so a typo fails.

The terms here are exactly the ones ``ontology/govkg.ttl`` defines (a test checks both
ways). ``OA`` declares the few W3C Web Annotation terms the graph uses, which rdflib does
not ship; schema.org, PROV-O, SKOS and Dublin Core come from ``rdflib.namespace``.
"""

from __future__ import annotations

from rdflib import namespace as _ns
from rdflib.namespace import Namespace
from rdflib.term import URIRef

GOVKG_NS = "https://w3id.org/govkg/ontology#"
OA_NS = "http://www.w3.org/ns/oa#"


class GOVKG(_ns.DefinedNamespace):
    """govkg: organizations, programs, slogans, policies and metrics of government reports."""

    _NS = Namespace(GOVKG_NS)
    _fail = True

    # Classes
    Document: URIRef  # a report that was read
    Entity: URIRef  # superclass of the four kinds of named things
    Organization: URIRef
    Program: URIRef
    Slogan: URIRef
    Policy: URIRef
    Metric: URIRef
    Mention: URIRef  # a span of a document's text (oa:SpecificResource)
    Sentence: URIRef
    Relation: URIRef  # a reified edge with its evidence
    CoOccurrence: URIRef  # the weak relation: two entities in one sentence

    # Relations between nodes (direct triples; each also reified as a Relation)
    runs: URIRef
    measures: URIRef
    leads: URIRef
    oversees: URIRef
    reportsTo: URIRef
    partnersWith: URIRef
    issues: URIRef
    implements: URIRef
    partOf: URIRef
    writtenBy: URIRef
    coOccursWith: URIRef
    mentions: URIRef

    # Provenance
    mention: URIRef  # entity or metric -> Mention
    evidence: URIRef  # Relation -> Mention
    sentence: URIRef  # Mention -> Sentence
    sentenceIndex: URIRef

    # Relation attributes
    weak: URIRef
    count: URIRef
    trigger: URIRef

    # Entity attributes
    key: URIRef
    scope: URIRef
    mentionCount: URIRef

    # Metric attributes (the number itself is schema:value, the unit schema:unitText)
    redacted: URIRef
    approximation: URIRef
    measurePhrase: URIRef

    # Document attributes
    sha256: URIRef
    characterCount: URIRef
    metadata: URIRef
    jurisdiction: URIRef


class OA(_ns.DefinedNamespace):
    """The W3C Web Annotation terms govkg uses for text positions."""

    _NS = Namespace(OA_NS)
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


# Edge type in the NetworkX graph -> the property of its direct triple.
RELATION_PROPERTIES: dict[str, URIRef] = {
    "runs": GOVKG.runs,
    "measures": GOVKG.measures,
    "leads": GOVKG.leads,
    "oversees": GOVKG.oversees,
    "reports_to": GOVKG.reportsTo,
    "partners_with": GOVKG.partnersWith,
    "issues": GOVKG.issues,
    "implements": GOVKG.implements,
    "part_of": GOVKG.partOf,
    "written_by": GOVKG.writtenBy,
    "co_occurs": GOVKG.coOccursWith,
    "mentions": GOVKG.mentions,
}

# Node type in the NetworkX graph -> its class.
NODE_CLASSES: dict[str, URIRef] = {
    "Document": GOVKG.Document,
    "Organization": GOVKG.Organization,
    "Program": GOVKG.Program,
    "Slogan": GOVKG.Slogan,
    "Policy": GOVKG.Policy,
    "Metric": GOVKG.Metric,
}
