"""The validation view's workbook part (issue 17), in headless Chromium against the real app: download an
organiser's model as a spreadsheet and the empty template, upload an edited workbook, and read the results by
sheet and row. Rows of an exported workbook are sorted by id: the row numbers were read off it by hand."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from sotekg.settings import Settings
from sotekg.sheet.workbook import read_workbook

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.parametrize("store", ["embedded"], indirect=True)
SETTINGS = Settings()
LINK_TYPE_SHAPE = URIRef("https://w3id.org/sotekg/shapes#IntegrationLinkTypeShape")


def download(page: Page, button: str) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return Path(download.value.path())


def link_type_message() -> str:
    shapes = Graph().parse(ROOT / "shapes" / "mandatory.ttl")
    [message] = [
        m
        for m in shapes.objects(LINK_TYPE_SHAPE, SH.message)
        if isinstance(m, Literal) and m.language == "fi"
    ]
    return str(message)


def test_download_a_model_and_the_template_then_check_an_edited_workbook(
    page: Page, web_url: str, tmp_path, save_screenshot
) -> None:
    page.goto(f"{web_url}#/validate")
    organiser = page.get_by_label("Järjestäjä", exact=True)
    expect(organiser.locator("option")).to_have_count(22)
    organiser.select_option("09")

    model_file = download(page, "Lataa järjestäjän malli taulukkona")
    conversion = read_workbook(model_file.read_bytes(), SETTINGS)
    assert conversion.issues == []
    assert isomorphic(conversion.graph, Graph().parse(ROOT / "data" / "regions" / "09.ttl"))

    template = openpyxl.load_workbook(io.BytesIO(download(page, "Lataa tyhjä pohja").read_bytes()))
    assert [row[0] for row in template["Malli"].iter_rows(min_row=3, values_only=True)] == ["09"]
    assert template["Palvelut"].max_row == 2

    workbook = openpyxl.load_workbook(io.BytesIO(model_file.read_bytes()))
    assert workbook["Palvelut"]["A11"].value == "09-sote-keskus-oral-health-care"
    workbook["Palvelut"]["C11"] = "hammashoito"
    assert workbook["Jäsenet"]["A4"].value == "09-sote-keskus-tiimi-geronomist"
    workbook["Jäsenet"]["B4"] = "09-tiimi-x"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    page.get_by_label("Työkirja (.xlsx)").set_input_files(edited)
    page.get_by_role("button", name="Tarkista työkirja").click()
    report = page.locator("#validation-report")
    expect(report.get_by_role("heading", name="Malli ei ole muotojen mukainen.")).to_be_visible()
    expect(report.locator(".unreadable")).to_be_visible()
    expect(report.locator(".sheet-group h3")).to_have_text(["Jäsenet", "Palvelut"])
    expect(report.locator(".sheet-row h4")).to_have_text(["rivi 4", "rivi 11"])
    services = report.locator('li[data-cell="Palvelut!C11"]')
    expect(services.locator(".cell")).to_have_text("sarake C (palvelu): ")
    expect(services.locator(".message")).to_have_text(
        "Tuntematon koodi 'hammashoito' koodistossa service-type."
    )
    expect(report.locator('li[data-cell="Jäsenet!B4"] .message')).to_have_text(
        "Välilehdellä Tiimit (teams) ei ole riviä, jonka tunniste on '09-tiimi-x'."
    )
    save_screenshot(page, "workbook")

    workbook = openpyxl.load_workbook(io.BytesIO(model_file.read_bytes()))
    assert workbook["Yhteydet"]["A3"].value == "09-esh-lahetteet"
    workbook["Yhteydet"]["G3"] = None
    workbook.save(edited)
    page.get_by_label("Työkirja (.xlsx)").set_input_files(edited)
    page.get_by_role("button", name="Tarkista työkirja").click()
    expect(report).to_contain_text("Virheitä 1, varoituksia 8, huomautuksia 0.")
    violation = report.locator('li[data-cell="Yhteydet!G3"]')
    expect(violation.locator(".message")).to_have_text(link_type_message())
    expect(violation.locator("code")).to_have_text("link:09-esh-lahetteet")
    expect(report.locator(".unreadable")).to_have_count(0)
