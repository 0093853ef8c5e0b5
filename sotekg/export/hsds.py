"""The Open Referral HSDS 3.0 export: organisers as ``organization``, service offerings as ``service``, located
centres (imported PTV service locations) as ``location`` with addresses and phones, ``service_at_location``
links, opening hours as ``schedule``, and our code lists of service types, centre kinds and channels as
``taxonomy`` / ``taxonomy_term`` (linked from services and locations by ``attributes``).

The document is one JSON object of tables, ``{"organization": […], "service": […], …}``, each object valid
against its HSDS 3.0.1 JSON Schema (``reference/hsds-3.0.1/schema/``; ``validation_errors`` checks them with
``jsonschema``, resolving the schemas' ``$ref``s among the local copies only). Ids are UUIDs derived from our
IRIs (UUID 5 in the URL namespace), so they are stable between exports. Names are Finnish, with English in
``alternate_name``. Rows come from the SELECT queries ``queries/export/hsds-*.rq``; ``build_hsds`` is pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from jsonschema import Draft202012Validator, FormatChecker
from rdflib.term import Node
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..namespaces import last_segment
from ..queries import QueryLibrary
from ..store import SelectResult, Store

TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "schedule",
    "taxonomy",
    "taxonomy_term",
)
QUERIES = ("organizations", "services", "locations", "schedules", "taxonomy-terms")
SCHEMAS = Path("reference") / "hsds-3.0.1" / "schema"
DAY_CODES = {
    "Monday": "MO",
    "Tuesday": "TU",
    "Wednesday": "WE",
    "Thursday": "TH",
    "Friday": "FR",
    "Saturday": "SA",
    "Sunday": "SU",
}
MAX_ROWS = 1_000_000

Row = Mapping[str, Node]
Document = dict[str, list[dict[str, Any]]]


def hsds_id(iri: str) -> str:
    """The HSDS id (a UUID) of one of our IRIs."""
    return str(uuid5(NAMESPACE_URL, iri))


def hsds_document(store: Store, library: QueryLibrary) -> Document:
    """The whole default graph as HSDS tables."""
    rows: dict[str, list[Row]] = {}
    for name in QUERIES:
        result = store.query(library.get(f"export/hsds-{name}").text, max_rows=MAX_ROWS)
        assert isinstance(result, SelectResult), f"export/hsds-{name} is a SELECT query"
        rows[name] = list(result.rows)
    return build_hsds(rows)


def _text(row: Row, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _number(row: Row, key: str) -> float | None:
    text = _text(row, key)
    return None if text is None else float(text)


def _drop_empty(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def build_hsds(rows: Mapping[str, list[Row]]) -> Document:
    """HSDS tables from the rows of the five export queries (keyed by the query names without ``hsds-``)."""
    taxonomies, terms = _taxonomies(rows["taxonomy-terms"])
    services, links = _services(rows["services"])
    return {
        "organization": _organizations(rows["organizations"]),
        "service": services,
        "location": _locations(rows["locations"]),
        "service_at_location": links,
        "schedule": _schedules(rows["schedules"]),
        "taxonomy": taxonomies,
        "taxonomy_term": terms,
    }


def _grouped(rows: list[Row], key: str) -> dict[str, list[Row]]:
    """Rows by the value of ``key``, in first-seen order."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(str(row[key]), []).append(row)
    return grouped


def _organizations(rows: list[Row]) -> list[dict[str, Any]]:
    organizations = []
    for row in rows:
        names = [_text(row, key) for key in ("name_sv", "name_en")]
        organizations.append(
            _drop_empty(
                {
                    "id": hsds_id(str(row["organiser"])),
                    "name": _text(row, "name_fi"),
                    "alternate_name": " / ".join(name for name in names if name),
                    "description": f"Sosiaali- ja terveyspalvelujen järjestäjä, koodi {row['code']}. "
                    f"Health and social services organiser, code {row['code']}.",
                    "uri": str(row["organiser"]),
                }
            )
        )
    return organizations


def _attribute(owner_iri: str, entity: str, link_type: str, term_iri: str) -> dict[str, str]:
    return {
        "id": hsds_id(f"{owner_iri}#attribute-{term_iri}"),
        "link_id": hsds_id(owner_iri),
        "link_entity": entity,
        "link_type": link_type,
        "taxonomy_term_id": hsds_id(term_iri),
    }


def _timestamp(value: Node | None) -> str | None:
    """An RFC 3339 date-time from an xsd:dateTime; one without a zone (as PTV writes them) is taken as UTC."""
    moment = getattr(value, "toPython", lambda: None)()
    if not isinstance(moment, datetime):
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _services(rows: list[Row]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    grouped = _grouped(rows, "offering")
    services, links = [], []
    for offering, group in grouped.items():
        row = group[0]
        centre_fi, type_fi = _text(row, "centre_fi"), _text(row, "type_fi")
        centre_en, type_en = _text(row, "centre_en") or centre_fi, _text(row, "type_en") or type_fi
        # every source the offering names (one row each, in no set order), then its date
        titles = sorted({title for r in group if (title := _text(r, "source_title"))})
        source = ", ".join(part for part in ("; ".join(titles), _text(row, "date")) if part)
        attributes = [_attribute(offering, "service", "service_type", str(row["type"]))]
        attributes += [
            _attribute(offering, "service", "channel", channel)
            for channel in sorted({str(r["channel"]) for r in group if r.get("channel") is not None})
        ]
        services.append(
            _drop_empty(
                {
                    "id": hsds_id(offering),
                    "organization_id": hsds_id(str(row["organiser"]))
                    if row.get("organiser") is not None
                    else None,
                    "name": f"{type_fi} – {centre_fi}",
                    "alternate_name": f"{type_en} – {centre_en}",
                    "description": f"{type_en} ({type_fi}): {centre_fi}."
                    + (f" Lähde / source: {source}." if source else ""),
                    "status": "active",
                    "last_modified": _timestamp(row.get("modified")),
                    "attributes": attributes,
                }
            )
        )
        if str(row.get("located")).lower() == "true":
            links.append(
                {
                    "id": hsds_id(f"{offering}#at-location"),
                    "service_id": hsds_id(offering),
                    "location_id": hsds_id(str(row["centre"])),
                }
            )
    return services, links


def _locations(rows: list[Row]) -> list[dict[str, Any]]:
    grouped = _grouped(rows, "centre")
    locations = []
    for centre, group in grouped.items():
        row = group[0]
        location_id = hsds_id(centre)
        addresses = []
        for address in group:
            fields = {
                "address_1": _text(address, "street"),
                "city": _text(address, "city"),
                "state_province": _text(address, "organiser_fi"),
                "postal_code": _text(address, "postal_code"),
                "country": _text(address, "country"),
            }
            if address.get("address") is not None and all(fields.values()):
                addresses.append(
                    {
                        "id": hsds_id(str(address["address"])),
                        "location_id": location_id,
                        **fields,
                        "address_type": "physical",
                    }
                )
        phones = [
            {"id": hsds_id(f"{centre}#phone-{number}"), "location_id": location_id, "number": number}
            for number in sorted(set((_text(row, "phones") or "").split()))
        ]
        names = [_text(row, key) for key in ("name_sv", "name_en")]
        kind = row.get("kind")
        locations.append(
            _drop_empty(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "url": _text(row, "url"),
                    "organization_id": hsds_id(str(row["organiser"]))
                    if row.get("organiser") is not None
                    else None,
                    "name": _text(row, "name_fi"),
                    "alternate_name": " / ".join(name for name in names if name),
                    "description": _text(row, "description"),
                    "latitude": _number(row, "latitude"),
                    "longitude": _number(row, "longitude"),
                    "external_identifier": _text(row, "identifier"),
                    "external_identifier_type": "PTV" if row.get("identifier") is not None else None,
                    "addresses": addresses,
                    "phones": phones,
                    "attributes": [_attribute(centre, "location", "centre_kind", str(kind))]
                    if kind is not None
                    else [],
                }
            )
        )
    return locations


def _hh_mm(value: Node | None) -> str | None:
    return None if value is None else str(value)[:5]


def _schedules(rows: list[Row]) -> list[dict[str, Any]]:
    grouped = _grouped(rows, "specification")
    schedules = []
    for specification, group in grouped.items():
        row = group[0]
        days = [DAY_CODES[last_segment(str(r["day"]))] for r in group if r.get("day") is not None]
        opens, closes = _hh_mm(row.get("opens")), _hh_mm(row.get("closes"))
        closed = opens == closes == "00:00"
        schedules.append(
            _drop_empty(
                {
                    "id": hsds_id(specification),
                    "location_id": hsds_id(str(row["centre"])),
                    "valid_from": _text(row, "valid_from"),
                    "valid_to": _text(row, "valid_through"),
                    "freq": "WEEKLY" if days else None,
                    "byday": ",".join(sorted(days, key=list(DAY_CODES.values()).index)),
                    "opens_at": None if closed else opens,
                    "closes_at": None if closed else closes,
                    "description": "; ".join(
                        text
                        for text in ("suljettu / closed" if closed else None, _text(row, "description"))
                        if text
                    ),
                }
            )
        )
    return schedules


def _taxonomies(rows: list[Row]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    taxonomies: dict[str, dict[str, Any]] = {}
    terms = []
    for row in rows:
        scheme = str(row["scheme"])
        scheme_fi = _text(row, "scheme_fi")
        taxonomies.setdefault(
            scheme,
            {
                "id": hsds_id(scheme),
                "name": scheme_fi,
                "description": f"sotekg-koodisto / code list: {_text(row, 'scheme_en') or scheme_fi}",
                "uri": scheme,
            },
        )
        labels = [_text(row, key) for key in ("label_en", "label_sv")]
        terms.append(
            _drop_empty(
                {
                    "id": hsds_id(str(row["concept"])),
                    "code": _text(row, "code"),
                    "name": _text(row, "label_fi"),
                    "description": " / ".join(label for label in labels if label) or _text(row, "label_fi"),
                    "parent_id": hsds_id(str(row["broader"])) if row.get("broader") is not None else None,
                    "taxonomy": scheme_fi,
                    "taxonomy_id": hsds_id(scheme),
                    "term_uri": str(row["concept"]),
                    "language": "fi",
                }
            )
        )
    return list(taxonomies.values()), terms


@lru_cache(maxsize=2)
def _validators(folder: Path) -> dict[str, Draft202012Validator]:
    """One validator per HSDS table, with every local schema registered under its file URI (no network)."""
    schemas = {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))
    }
    registry: Registry = Registry().with_resources(
        ((folder / f"{name}.json").resolve().as_uri(), Resource.from_contents(schema, DRAFT202012))
        for name, schema in schemas.items()
    )
    return {
        table: Draft202012Validator(
            {"$ref": (folder / f"{table}.json").resolve().as_uri()},
            registry=registry,
            format_checker=FormatChecker(),
        )
        for table in TABLES
    }


def validation_errors(document: Document, root: Path) -> list[str]:
    """Every way an object of the document fails its HSDS 3.0.1 schema, as ``table[index]: message``."""
    validators = _validators(root / SCHEMAS)
    errors = [f"unknown table {table!r}" for table in document if table not in validators]
    for table, items in document.items():
        if table in validators:
            errors += [
                f"{table}[{index}]: {error.message}"
                for index, item in enumerate(items)
                for error in validators[table].iter_errors(item)
            ]
    return errors


def dumps(document: Document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)


def count_objects(document: Document) -> Iterable[tuple[str, int]]:
    return ((table, len(document.get(table, []))) for table in TABLES)
