"""End-to-end tests of the web page (web/) in headless Chromium against the real app on 127.0.0.1.

Each test drives the page as a person would (select, type, upload, click, keyboard) and checks what appears
against the graph itself: the code lists, the shapes, the named queries run on the test's own store.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, SKOS

from sotekg.queries import QueryLibrary
from sotekg.store import Store

ROOT = Path(__file__).resolve().parents[2]
# The page needs no second store: run every test here on the embedded one only.
pytestmark = pytest.mark.parametrize("store", ["embedded"], indirect=True)

DATA = Path(__file__).parent / "data"
PROFESSIONS = ROOT / "ontology" / "codelists" / "profession.ttl"
# Seed 004: the Päijät-Häme sote-centre team's ten professions.
PAIJAT_HAME_TEAM = [
    "nurse",
    "physician",
    "physiotherapist",
    "oral-health-professional",
    "mental-health-and-substance-abuse-nurse",
    "case-manager",
    "pharmacist",
    "social-counsellor",
    "geronomist",
    "work-ability-coordinator",
]
PHONE = {"width": 375, "height": 740}
SHAPES = ROOT / "shapes" / "mandatory.ttl"
TEAM_SOCIAL_SHAPE = URIRef("https://w3id.org/sotekg/shapes#TeamSocialProfessionShape")


def profession_labels(lang: str) -> set[str]:
    graph = Graph().parse(PROFESSIONS)
    base = "https://w3id.org/sotekg/code/profession/"
    labels = {
        str(label)
        for code in PAIJAT_HAME_TEAM
        for label in graph.objects(URIRef(base + code), SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == lang
    }
    assert len(labels) == len(PAIJAT_HAME_TEAM), f"profession code list lacks {lang} labels"
    return labels


def shape_message(shape: URIRef, lang: str) -> str:
    graph = Graph().parse(SHAPES)
    messages = [
        str(m) for m in graph.objects(shape, SH.message) if isinstance(m, Literal) and m.language == lang
    ]
    assert len(messages) == 1
    return messages[0]


def named_query_rows(store: Store, name: str, **values: str) -> list[dict[str, str]]:
    query = QueryLibrary(ROOT / "queries").get(name)
    result = store.query(query.text, substitutions=query.bind(values))
    return [{key: str(value) for key, value in row.items()} for row in result]


def team_professions(page: Page) -> set[str]:
    items = page.locator(".team ul.professions li")
    return set(items.all_inner_texts())


def test_region_explorer_shows_paijat_hame_team(page: Page, web_url: str, save_screenshot) -> None:
    page.goto(web_url)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.get_by_label("Järjestäjä").select_option("09")
    expect(page).to_have_url(re.compile(r"#/region/09$"))
    expect(page.get_by_role("heading", level=2, name="Päijät-Hämeen hyvinvointialue")).to_be_visible()
    expect(page.locator(".team ul.professions li")).to_have_count(10)
    assert team_professions(page) == profession_labels("fi")
    assert {"sosiaaliohjaaja", "geronomi", "farmaseutti"} <= team_professions(page)
    facts = page.locator("section.region > dl.facts")
    expect(facts).to_contain_text("Etelä-Suomen yhteistyöalue")
    expect(facts).to_contain_text("seed-001")
    expect(page.locator("#services-heading")).to_be_visible()
    expect(page.locator("#gaps-heading")).to_be_visible()
    # seed 004 leaves three minimum-set services undescribed: shown as such, never as missing
    minimum = page.locator(".gap-set[data-set='sote-centre-minimum']")
    expect(minimum.locator(".state-not-described")).to_contain_text("kotiin vietävät palvelut")
    expect(minimum.locator(".state-absent")).to_have_count(0)
    expect(page.locator("section[aria-labelledby='services-heading'] table")).to_contain_text(
        "asiakirjasta johdettu palvelumalli 2023"
    )
    save_screenshot(page, "region")


def test_municipality_leads_to_its_region(page: Page, web_url: str) -> None:
    page.goto(web_url)
    page.get_by_role("combobox", name="Kunta", exact=True).fill("Lahti")
    page.get_by_role("button", name="Näytä kunnan alue").click()
    expect(page).to_have_url(re.compile(r"#/municipality/398$"))
    expect(page.locator("#municipality-message")).to_contain_text(
        "Kunta Lahti kuuluu järjestäjään Päijät-Hämeen hyvinvointialue."
    )
    expect(page.get_by_label("Järjestäjä")).to_have_value("09")
    expect(page.locator(".team ul.professions li")).to_have_count(10)
    page.get_by_role("combobox", name="Kunta", exact=True).fill("Atlantis")
    page.get_by_role("button", name="Näytä kunnan alue").click()
    expect(page.get_by_role("alert")).to_have_text("Kuntaa ”Atlantis” ei löydy.")


def test_english_switch_shows_english_labels_and_is_remembered(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}#/region/09")
    expect(page.locator(".team ul.professions li")).to_have_count(10)
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"\?lang=en#/region/09$"))
    expect(page.get_by_role("link", name="Regions")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=2, name="Päijät-Häme wellbeing services county")).to_be_visible()
    expect(page.locator(".team ul.professions li")).to_have_count(10)
    assert team_professions(page) == profession_labels("en")
    page.goto(f"{web_url}#/region/09")  # no ?lang: the stored choice holds
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Organiser (wellbeing services county)")).to_have_value("09")


def test_validation_of_an_uploaded_and_a_pasted_invalid_model(
    page: Page, web_url: str, save_screenshot
) -> None:
    message = shape_message(TEAM_SOCIAL_SHAPE, "fi")
    page.goto(f"{web_url}#/validate")
    page.get_by_label("Mallitiedosto").set_input_files(DATA / "invalid-team.ttl")
    expect(page.get_by_label("…tai liitä malli tähän")).to_have_value(re.compile("ex:team a sk:Team"))
    page.get_by_role("button", name="Validoi").click()
    report = page.locator("#validation-report")
    expect(report.get_by_role("heading", name="Malli ei ole muotojen mukainen.")).to_be_visible()
    expect(report).to_contain_text("Virheitä 1, varoituksia 0, huomautuksia 0.")
    group = report.locator(".focus-group")
    expect(group).to_have_count(1)
    expect(group.locator(".focus-node")).to_have_text("https://example.org/team")
    expect(group.locator(".message")).to_have_text(message)
    expect(group).to_contain_text(str(TEAM_SOCIAL_SHAPE))
    save_screenshot(page, "validation")

    with page.expect_download() as download:
        report.get_by_role("button", name="Lataa raportti (JSON)").click()
    downloaded = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert downloaded["conforms"] is False
    assert [(r["focusNode"], r["sourceShape"], r["message"]) for r in downloaded["results"]] == [
        ("https://example.org/team", str(TEAM_SOCIAL_SHAPE), message)
    ]

    with page.expect_download() as download:
        report.get_by_role("button", name="Lataa raportti (Turtle)").click()
    report_graph = Graph().parse(download.value.path(), format="turtle")
    assert set(report_graph.objects(None, SH.conforms)) == {Literal(False)}
    assert set(report_graph.objects(None, SH.focusNode)) == {URIRef("https://example.org/team")}
    assert set(report_graph.objects(None, SH.sourceShape)) == {TEAM_SOCIAL_SHAPE}

    jsonld = Graph().parse(DATA / "invalid-team.ttl").serialize(format="json-ld")
    page.goto(f"{web_url}#/validate")
    page.get_by_label("…tai liitä malli tähän").fill(jsonld)
    page.get_by_label("JSON-LD").check()
    page.get_by_role("button", name="Validoi").click()
    expect(report.locator(".focus-group .message")).to_have_text(message)
    expect(report.locator(".focus-node")).to_have_text("https://example.org/team")


def test_validation_shows_a_syntax_error_with_its_line(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}#/validate")
    page.get_by_label("…tai liitä malli tähän").fill("@prefix ex: <https://example.org/> .\nex:a ex:b .\n")
    page.get_by_role("button", name="Validoi").click()
    alert = page.locator("#validation-report").get_by_role("alert")
    expect(alert).to_contain_text("Virhe: ")
    expect(alert).to_contain_text("line 2")


def test_validation_message_follows_the_language(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}?lang=en#/validate")
    page.get_by_label("Model file").set_input_files(DATA / "invalid-team.ttl")
    page.get_by_role("button", name="Validate").click()
    expect(page.locator("#validation-report .message")).to_have_text(shape_message(TEAM_SOCIAL_SHAPE, "en"))


def test_named_query_rows_and_csv(page: Page, web_url: str, embedded_store: Store) -> None:
    expected = named_query_rows(embedded_store, "analytics/sote-centre-status")
    assert len(expected) == 22
    page.goto(f"{web_url}#/sparql")
    page.get_by_label("Valitse valmis kysely").select_option("analytics/sote-centre-status")
    page.get_by_role("button", name="Aja valmis kysely").click()
    results = page.locator("#named-query-results")
    expect(results.locator("tbody tr")).to_have_count(22)
    expect(results.locator(".row-count")).to_have_text("22 riviä")
    paijat_hame = results.locator("tbody tr", has_text="Päijät-Hämeen hyvinvointialue")
    expect(paijat_hame).to_contain_text("implementation-ongoing")

    with page.expect_download() as download:
        results.get_by_role("button", name="Lataa CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert sorted(row["organiser_code"] for row in rows) == sorted(row["organiser_code"] for row in expected)


def test_sparql_editor_runs_an_example(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}#/sparql/analytics/sote-centre-status")
    editor = page.locator("#yasgui")
    expect(editor.locator(".CodeMirror")).to_contain_text("sk:StatusAssessment")
    editor.locator(".yasqe_queryButton").click()
    expect(editor.locator(".yasr table.dataTable tbody tr")).to_have_count(22)


def test_coverage_grid_matches_the_named_query_and_links_to_regions(
    page: Page, web_url: str, embedded_store: Store
) -> None:
    expected = named_query_rows(
        embedded_store, "analytics/coverage-matrix", service_set="sote-centre-minimum"
    )
    services = sorted({row["service_code"] for row in expected})
    assert services
    page.goto(f"{web_url}#/coverage")
    grid = page.locator("table.coverage")
    expect(grid.locator("tbody tr")).to_have_count(22)
    expect(grid.locator("tbody tr").first.locator("td.cell")).to_have_count(len(services))
    for status in ("offered", "absent", "not-described", "unknown"):
        want = sum(1 for row in expected if row["status"] == status)
        expect(grid.locator(f"td.cell-{status}")).to_have_count(want)
    # the legend names the four states, each with its symbol and what it means, so they differ without colour
    legend = page.locator("ul.legend li")
    expect(legend).to_have_count(4)
    expect(page.locator("ul.legend li[data-state='absent']")).to_contain_text("✗ puuttuu")
    expect(page.locator("ul.legend li[data-state='not-described']")).to_contain_text(
        "asiakirjasta johdettu malli"
    )
    paijat_hame = grid.locator("tr[data-organiser='09']")
    offered = sum(1 for row in expected if row["organiser_code"] == "09" and row["status"] == "offered")
    assert offered > 0
    expect(paijat_hame.locator("td.cell-offered")).to_have_count(offered)
    expect(paijat_hame.locator("td.cell-not-described")).to_have_count(3)
    expect(paijat_hame.locator("td.cell-not-described a").first).to_have_text("–")
    paijat_hame.locator("td.cell-not-described a").first.click()
    expect(page).to_have_url(re.compile(r"#/region/09$"))
    expect(page.get_by_role("heading", level=2, name="Päijät-Hämeen hyvinvointialue")).to_be_visible()


def test_keyboard_only_choice_of_an_organiser(page: Page, web_url: str) -> None:
    page.goto(web_url)
    expect(page.get_by_label("Järjestäjä")).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "organiser":
            break
    else:
        pytest.fail("the organiser select cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control shows no focus outline"
    for _ in range(30):  # the options are in alphabetical order; step down to Päijät-Häme
        page.keyboard.press("ArrowDown")
        if page.get_by_label("Järjestäjä").input_value() == "09":
            break
    else:
        pytest.fail("Päijät-Häme cannot be chosen with the arrow keys")
    expect(page).to_have_url(re.compile(r"#/region/09$"))
    expect(page.locator(".team ul.professions li")).to_have_count(10)
    assert page.evaluate("document.activeElement.id") == "organiser", "choosing a region took the focus away"


@pytest.mark.parametrize(
    "view", ["#/region/09", "#/coverage", "#/validate", "#/sparql/analytics/coverage-matrix"]
)
def test_phone_viewport_has_no_horizontal_overflow(page: Page, web_url: str, view: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{web_url}{view}")
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("main h1")).to_be_visible()
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{view}: the page is {width} px wide on a {PHONE['width']} px screen"


CONTRAST_SCRIPT = """
() => {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const [r, g, b, a = 1] = rgba(getComputedStyle(node).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const failures = [];
  let checked = 0;
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("#yasgui, .visually-hidden, [hidden]")) continue;
    const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!ownText || !element.getClientRects().length) continue;
    const fg = luminance(rgba(getComputedStyle(element).color));
    const bg = luminance(background(element));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    checked += 1;
    if (ratio < 4.5) failures.push(`${element.tagName}.${element.className}: ${ratio.toFixed(2)}`);
  }
  return { checked, failures };
}
"""


@pytest.mark.parametrize("view", ["#/region/09", "#/coverage"])
def test_text_contrast_is_at_least_4_5(page: Page, web_url: str, view: str) -> None:
    page.goto(f"{web_url}{view}")
    expect(page.locator("main h2, main table").first).to_be_visible()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    result = page.evaluate(CONTRAST_SCRIPT)
    assert result["checked"] > 20
    assert result["failures"] == []
