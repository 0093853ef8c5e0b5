"""rdflib terms to pyoxigraph terms: how values and graphs from the rest of sotekg enter a store.

The other direction (pyoxigraph to rdflib, for results) is ``sotekg.rdfio``'s. pyoxigraph validates every IRI
it is given, so a term that passes here is safe to write into a query or an update in N-Triples syntax.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import UserError

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_oxigraph(term: Node, blank_nodes: dict[BNode, ox.BlankNode] | None = None) -> OxTerm:
    """The pyoxigraph term for an rdflib term; a blank node maps to a fresh one, the same for the same node
    within one ``blank_nodes`` mapping. UserError for an invalid IRI or a term that is not RDF."""
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            if blank_nodes is None:
                raise UserError("a blank node cannot be bound as a query parameter")
            return blank_nodes.setdefault(term, ox.BlankNode())
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as error:
        raise UserError(f"not a valid RDF term {str(term)!r}: {error}") from None
    raise UserError(f"not an RDF term: {term!r}")


def to_oxigraph_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """rdflib triples (a Graph, or any iterable of triples) as pyoxigraph triples with fresh blank nodes."""
    blank_nodes: dict[BNode, ox.BlankNode] = {}
    converted = []
    for subject, predicate, object_ in triples:
        terms = (to_oxigraph(subject, blank_nodes), to_oxigraph(predicate), to_oxigraph(object_, blank_nodes))
        try:
            converted.append(ox.Triple(*terms))  # type: ignore[arg-type]  # pyoxigraph checks each position
        except TypeError:
            raise UserError(f"not an RDF triple: {subject!r} {predicate!r} {object_!r}") from None
    return converted


def ntriples(triples: Iterable[ox.Triple]) -> str:
    """Triples as N-Triples text: the syntax of SPARQL's INSERT DATA as well."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output file given: the bytes are returned
    return data.decode("utf-8")
