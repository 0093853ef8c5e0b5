"""The county map beside the coverage grid and the health stations in the region and municipality views, in
headless Chromium against the real app: a county opens its region by mouse and by keyboard, Åland is no link,
and the stations shown are the register's (checked against the lookup documents of the same app)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.parametrize("store", ["embedded"], indirect=True)


def test_the_map_is_beside_the_grid_and_a_county_opens_its_region(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}#/coverage")
    expect(page.locator("table.coverage tbody tr")).to_have_count(22)
    counties = page.locator("#county-map svg g.county-link")
    expect(counties).to_have_count(22)  # the 22 organisers; Åland is drawn, not a link
    expect(page.locator("#county-map svg g#county-91")).not_to_have_attribute("role", "link")
    expect(page.locator("#county-map svg g#county-14")).to_have_attribute(
        "aria-label", "Pohjois-Karjalan hyvinvointialue: avaa alueen tiedot"
    )
    grid_box = page.locator("#coverage-grid").bounding_box()
    map_box = page.locator("#county-map").bounding_box()
    assert grid_box and map_box and map_box["width"] > 100
    page.locator("#county-map svg g#county-14").click()
    expect(page).to_have_url(re.compile(r"#/region/14$"))
    expect(page.get_by_role("heading", level=2, name="Pohjois-Karjalan hyvinvointialue")).to_be_visible()


def test_a_county_is_reached_and_opened_with_the_keyboard(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}#/coverage")
    expect(page.locator("#county-map svg g.county-link")).to_have_count(22)
    page.locator("#county-map svg g#county-08").focus()
    page.keyboard.press("Tab")  # the next county in the map's order
    assert page.evaluate("document.activeElement.id") == "county-09"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/region/09$"))


def test_the_region_view_lists_its_stations_with_their_years(
    page: Page, web_url: str, live_server: str
) -> None:
    expected = httpx.get(f"{live_server}/regions/14").json()["stations"]["items"]
    assert len(expected) == 30
    page.goto(f"{web_url}#/region/14")
    table = page.locator("section.stations table")
    expect(table.locator("tbody tr")).to_have_count(len(expected))
    valtimo = table.locator("tbody tr", has_text="Valtimon terveysasema")
    expect(valtimo).to_contain_text("2013–2019")
    expect(valtimo).to_contain_text("541")
    opened = next(item for item in expected if item["opened"])
    expect(table.locator("tbody tr", has_text=opened["name"]["fi"]).first).to_contain_text(
        f"avattu {opened['opened']}"
    )


def test_the_municipality_view_lists_its_own_stations(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}#/municipality/541")
    rows = page.locator("#municipality-message section.stations tbody tr, .note section.stations tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Nurmeksen terveysasema")
    expect(rows.nth(1)).to_contain_text("Valtimon terveysasema")
