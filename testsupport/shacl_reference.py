"""The baseline the validation engines are held to: pySHACL called the plain way (issue 5).

``naive_report`` is what a caller without sotekg.validation would do for one region model: merge the data into a
copy of the context and let pySHACL harvest the shapes on every call. tests/test_validation_speed_path.py
requires ``Validator`` (both engines) to give the same results; bench/ measures how much faster it is.
``result_keys`` says what two reports must share to count as the same.
"""

from __future__ import annotations

from collections import Counter

import pyshacl
from rdflib import BNode, Graph
from rdflib.term import Node

from sotekg.namespaces import SH
from sotekg.rdfio import triples_of
from sotekg.validation import render_path


def naive_report(data: Graph, shapes: Graph, context: Graph) -> Graph:
    """pySHACL's report for ``data`` merged into a copy of ``context``, the shapes harvested on this call."""
    merged = Graph()
    merged += context
    merged.addN((s, p, o, merged) for s, p, o in triples_of(data))
    _conforms, report, _text = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
    )
    return report


ResultKey = tuple[Node | None, Node | None, Node | None, str | None, Node | None, frozenset[Node]]


def result_keys(report: Graph) -> Counter[ResultKey]:
    """Each result as (severity, focus node, source shape, path, value, messages), counted; the path as SPARQL
    text and a blank source shape as one placeholder, so reports from different parses of the shapes compare."""
    keys: Counter[ResultKey] = Counter()
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        keys[
            (
                report.value(result, SH.resultSeverity),
                report.value(result, SH.focusNode),
                BNode("source-shape") if isinstance(shape, BNode) else shape,
                None if path is None else render_path(report, path, lambda iri: f"<{iri}>"),
                report.value(result, SH.value),
                frozenset(report.objects(result, SH.resultMessage)),
            )
        ] += 1
    return keys
