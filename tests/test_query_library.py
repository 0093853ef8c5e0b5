"""The named-query library: header parsing, BASIL parameters and safe binding as RDF terms."""

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from sotekg.errors import NotFoundError
from sotekg.queries import ParameterError, QueryLibrary, load_query

QUERY = """#+ summary: Services a region lacks
#+ description: >
#+   Lists the minimum-set services a region's sote-centres do not offer.
#+ tags:
#+   - coverage
#+ defaults:
#+   - min_count_integer: 1
#+ enumerate:
#+   - region
# a plain comment mentioning ?_ignored
SELECT ?service WHERE {
  ?org <https://w3id.org/sotekg/def#code> ?_region .
  OPTIONAL { ?org ?p ?__age_group_iri }
  FILTER(?n >= ?_min_count_integer)
}
"""


@pytest.fixture
def query(tmp_path: Path):
    path = tmp_path / "missing.rq"
    path.write_text(QUERY, encoding="utf-8")
    return load_query(path)


def test_header_is_parsed(query):
    assert query.summary == "Services a region lacks"
    assert query.description.startswith("Lists the minimum-set services")
    assert query.tags == ["coverage"]
    assert query.defaults == {"min_count_integer": "1"}
    assert query.enumerate == ["region"]


def test_parameters_follow_basil_names(query):
    described = {p["name"]: p for p in query.describe()["parameters"]}
    assert set(described) == {"region", "age_group_iri", "min_count_integer"}  # not ?_ignored from a comment
    assert described["region"] == {"name": "region", "required": True, "type": "string", "default": None}
    assert described["age_group_iri"]["required"] is False and described["age_group_iri"]["type"] == "iri"
    assert described["min_count_integer"]["type"] == "integer"


def test_bind_gives_rdf_terms_and_applies_defaults(query):
    bound = query.bind(
        {"region": '09" } ; DROP ALL ; #', "age_group_iri": "https://w3id.org/sotekg/code/age-group/adults"}
    )
    assert bound["_region"] == Literal('09" } ; DROP ALL ; #')  # a literal value, never query text
    assert bound["__age_group_iri"] == URIRef("https://w3id.org/sotekg/code/age-group/adults")
    assert bound["_min_count_integer"] == Literal("1", datatype=XSD.integer)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "needs parameter 'region'"),
        ({"region": "09", "colour": "red"}, "unknown parameter 'colour'"),
        (
            {"region": "09", "age_group_iri": "not an iri"},
            "parameter 'age_group_iri' must be an absolute IRI",
        ),
        ({"region": "09", "min_count_integer": "many"}, "parameter 'min_count_integer' must be an integer"),
    ],
)
def test_bad_parameters_name_the_parameter(query, values, message):
    with pytest.raises(ParameterError, match=message):
        query.bind(values)


def test_library_names_by_relative_path(tmp_path: Path):
    (tmp_path / "lookup").mkdir()
    (tmp_path / "lookup" / "region.rq").write_text("#+ summary: one\nASK {}\n", encoding="utf-8")
    (tmp_path / "coverage.rq").write_text("#+ summary: two\nASK {}\n", encoding="utf-8")
    library = QueryLibrary(tmp_path)
    assert library.names() == ["coverage", "lookup/region"]
    assert library.get("lookup/region").summary == "one"
    with pytest.raises(NotFoundError):
        library.get("nope")


def test_group_concat_columns_are_found_with_their_separators(tmp_path: Path):
    """The columns whose parts the query runner sorts (ResultTable.with_sorted_lists): every GROUP_CONCAT of the
    shipped queries, and the forms SPARQL allows (default separator, single quotes, a function inside)."""
    (tmp_path / "lists.rq").write_text(
        "# GROUP_CONCAT(?commented) AS ?commented\n"
        "SELECT ?g (GROUP_CONCAT(DISTINCT STR(?a)) AS ?plain) (group_concat(?b ; separator=' | ') as ?piped)\n"
        "       (COUNT(?c) AS ?n) WHERE { ?g ?a ?b } GROUP BY ?g\n",
        encoding="utf-8",
    )
    assert QueryLibrary(tmp_path).get("lists").lists == {"plain": " ", "piped": " | "}
    shipped = QueryLibrary(Path(__file__).resolve().parent.parent / "queries")
    assert {query.name: query.lists for query in shipped if query.lists} == {
        "analytics/health-stations-opened-closed": {"opened_stations": "; ", "closed_stations": "; "},
        "analytics/outsourced-stations": {"firms": "; "},
        "analytics/services-by-channel": {"digital_services": "; "},
        "export/hsds-locations": {"phones": " "},
    }
