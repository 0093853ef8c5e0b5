"""Workbooks over HTTP (issue 17): ``GET /regions/{code}/model`` answers the workbook for its media type (the
empty template for an organiser without a model), ``POST /validate`` and ``PUT /regions/{code}/model`` take one,
with every message at its cell; malformed, oversized and zip-bomb workbooks are refused and nothing is stored.

Rows are sorted by id in an exported workbook: the row numbers below were read off it by hand."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import test_api_model_writes as writes
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from test_api_model_writes import ADMIN_TOKEN, ORIGINAL, assert_unchanged, bearer, model, offered_via_lookup

from sotekg.settings import Settings
from sotekg.sheet.workbook import read_workbook

WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AS_WORKBOOK = {"Accept": WORKBOOK}
SEND_WORKBOOK = {"Content-Type": WORKBOOK}
SETTINGS = Settings()
writer = writes.writer  # the API with write tokens and a fresh history (the model is put back after)
OFFERING = "https://w3id.org/sotekg/id/offering/09-sote-keskus-home-delivered-services-test"


def workbook_of(client: TestClient, code: str) -> openpyxl.Workbook:
    response = client.get(f"/regions/{code}/model", headers=AS_WORKBOOK)
    assert response.status_code == 200
    assert response.headers["content-type"] == WORKBOOK
    assert response.headers["content-disposition"] == f'attachment; filename="sotekg-region-{code}.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(response.content))


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    return buffer.getvalue()


def test_the_model_as_a_workbook_reads_back_to_the_stored_model(client):
    response = client.get("/regions/09/model", headers=AS_WORKBOOK)
    assert response.status_code == 200
    conversion = read_workbook(response.content, SETTINGS)
    assert conversion.issues == []
    stored = Graph().parse(
        data=client.get("/regions/09/model", headers={"Accept": "application/n-triples"}).content, format="nt"
    )
    assert isomorphic(stored, Graph().parse(data=ORIGINAL, format="turtle"))
    assert isomorphic(conversion.graph, stored)
    again = client.get(
        "/regions/09/model", headers={**AS_WORKBOOK, "If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


def test_an_organiser_without_a_model_gets_the_template(client):
    workbook = workbook_of(client, "05")
    assert [row[0] for row in workbook["Malli"].iter_rows(min_row=3, values_only=True)] == ["05"]
    assert workbook["Keskukset"].max_row == 2
    assert client.get("/regions/05/model", headers={"Accept": "text/turtle"}).status_code == 404
    response = client.get("/regions/99/model", headers=AS_WORKBOOK)
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_validate_a_workbook_that_conforms(client):
    body = saved(workbook_of(client, "09"))
    report = client.post("/validate", content=body, headers=SEND_WORKBOOK).json()
    assert (report["conforms"], report["readable"], report["violations"], report["warnings"]) == (
        True,
        True,
        0,
        8,
    )
    cells = {result["cell"] for result in report["results"]}
    assert cells == {"Keskukset!3:3", "Keskukset!4:4"}  # 09-perhekeskus, 09-sote-keskus: missing services


def test_validate_reports_unreadable_cells_and_shape_results_at_their_cells(client):
    workbook = workbook_of(client, "09")
    assert workbook["Palvelut"]["A11"].value == "09-sote-keskus-oral-health-care"
    workbook["Palvelut"]["C11"] = "hammashoito"
    response = client.post("/validate", params={"lang": "en"}, content=saved(workbook), headers=SEND_WORKBOOK)
    assert response.status_code == 200
    report = response.json()
    assert (report["conforms"], report["readable"], report["violations"]) == (False, False, 1)
    [result] = report["results"]
    assert (result["sheet"], result["row"], result["column"], result["cell"]) == (
        "Palvelut",
        11,
        "C",
        "Palvelut!C11",
    )
    assert result["message"] == "Unknown code 'hammashoito' in code list service-type."
    assert result["messages"]["fi"] == "Tuntematon koodi 'hammashoito' koodistossa service-type."

    workbook = workbook_of(client, "09")
    assert workbook["Yhteydet"]["A3"].value == "09-esh-lahetteet"
    workbook["Yhteydet"]["G3"] = None
    report = client.post("/validate", content=saved(workbook), headers=SEND_WORKBOOK).json()
    assert (report["conforms"], report["readable"], report["violations"]) == (False, True, 1)
    violation = report["results"][0]
    assert (violation["cell"], violation["sourceShape"], violation["node"]) == (
        "Yhteydet!G3",
        "shp:IntegrationLinkTypeShape",
        "link:09-esh-lahetteet",
    )
    assert violation["header"] == {"fi": "yhteyden laji", "en": "link type"}


def test_validate_refuses_malformed_and_oversized_workbooks(client):
    response = client.post("/validate", content=b"not a workbook", headers=SEND_WORKBOOK)
    assert response.status_code == 422 and response.json()["error"] == "malformed_workbook"
    assert "not a zip archive" in response.json()["detail"]
    response = client.post("/validate", content=zip_bomb(), headers=SEND_WORKBOOK)
    assert response.status_code == 413 and response.json()["error"] == "workbook_too_large"
    assert "unpacks to 60000011 bytes" in response.json()["detail"]
    response = client.post("/validate", content=b"x", headers={**SEND_WORKBOOK, "Accept": "text/turtle"})
    assert response.status_code == 406


def add_offering(workbook: openpyxl.Workbook) -> None:
    """A synthetic offering (sk:synthetic, on the sheet of other statements): home-delivered services."""
    services = workbook["Palvelut"]
    row = services.max_row + 1
    values = {
        "A": "09-sote-keskus-home-delivered-services-test",
        "B": "09-sote-keskus",
        "C": "kotiin vietävät palvelut [home-delivered-services]",
        "D": "home-delivered",
        "G": "named-in-source",
        "J": "2023",
        "K": "seed-004",
    }
    for letter, value in values.items():
        services[f"{letter}{row}"] = value
    other = workbook["Muut"]
    other.append(
        [
            f"<{OFFERING}>",
            "<https://w3id.org/sotekg/def#synthetic>",
            '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>',
        ]
    )


def test_put_a_workbook_replaces_the_model(writer):
    workbook = workbook_of(writer, "09")
    add_offering(workbook)
    body = saved(workbook)
    assert writer.put("/regions/09/model", content=body, headers=SEND_WORKBOOK).status_code == 401
    response = writer.put("/regions/09/model", content=body, headers={**SEND_WORKBOOK, **bearer(ADMIN_TOKEN)})
    assert response.status_code == 200, response.text
    assert (
        response.json()["triples"] == len(Graph().parse(data=ORIGINAL, format="turtle")) + 8
    )  # the offering
    stored = model(writer)
    assert (
        URIRef(OFFERING),
        URIRef("https://w3id.org/sotekg/def#serviceType"),
        URIRef("https://w3id.org/sotekg/code/service-type/home-delivered-services"),
    ) in stored
    assert ("09-sote-keskus", "home-delivered-services") in offered_via_lookup(writer, "09")


def test_put_refuses_bad_workbooks_and_keeps_the_model(writer):
    auth = {**SEND_WORKBOOK, **bearer(ADMIN_TOKEN)}
    workbook = workbook_of(writer, "09")
    workbook["Yhteydet"]["G3"] = None
    response = writer.put("/regions/09/model", content=saved(workbook), headers=auth)
    assert response.status_code == 422 and response.json()["error"] == "model_does_not_conform"
    assert [r["cell"] for r in response.json()["report"]["results"] if r["severity"] == "Violation"] == [
        "Yhteydet!G3"
    ]
    workbook = workbook_of(writer, "09")
    workbook["Jäsenet"]["B4"] = "09-tiimi-x"
    response = writer.put("/regions/09/model", content=saved(workbook), headers=auth)
    assert response.status_code == 422 and response.json()["error"] == "workbook_cells_unreadable"
    assert [r["cell"] for r in response.json()["report"]["results"]] == ["Jäsenet!B4"]
    response = writer.put("/regions/09/model", content=saved(workbook_of(writer, "05")), headers=auth)
    assert response.status_code == 422 and response.json()["error"] == "empty_workbook"
    response = writer.put("/regions/09/model", content=b"PK\x03\x04 broken", headers=auth)
    assert response.status_code == 422 and response.json()["error"] == "malformed_workbook"
    response = writer.put("/regions/09/model", content=zip_bomb(), headers=auth)
    assert response.status_code == 413 and response.json()["error"] == "workbook_too_large"
    assert_unchanged(writer)
    assert isomorphic(model(writer), Graph().parse(data=ORIGINAL, format="turtle"))
