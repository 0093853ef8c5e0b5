"""The county map: drawn from the shipped boundary file, every organiser a group ``county-{code}`` coloured by
its measure, Åland hatched as outside the reform, a legend, the data's date and the source credits; the CLI and
``GET /plots/map.svg|png`` draw it, and a bad measure or year is refused with the reason."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sotekg import cli
from sotekg.analysis import county_map
from sotekg.errors import UserError
from sotekg.tabular import ResultTable

ROOT = Path(__file__).resolve().parents[2]
BOUNDARIES = ROOT / "data" / "geo" / "wellbeing-services-counties-2026-4500k.geojson"
ORGANISERS = [f"{n:02d}" for n in range(1, 22)] + ["90"]


def fill_of(svg: str, code: str) -> str:
    group = re.search(rf'<g id="county-{code}">(.*?)</g>', svg, re.DOTALL)
    assert group, f"no group for county {code}"
    return re.search(r"fill: (#[0-9a-f]{6})", group.group(1)).group(1)


def test_the_boundary_file_has_the_22_organisers_and_aland():
    counties = county_map.read_boundaries(BOUNDARIES)
    assert [c.code for c in counties] == sorted(ORGANISERS + ["91"])
    assert {c.code: c.names["sv"] for c in counties}[
        "13"
    ] == "Norra Savolax välfärdsområde"  # stray space trimmed


def test_stations_map_colours_each_organiser_by_its_count():
    rows = [
        (code, "x", 2019, count) for code, count in zip(ORGANISERS, [0, 5, 12, 25, 45, 61] * 4, strict=False)
    ]
    table = ResultTable(("organiser_code", "organiser_label", "year", "stations"), tuple(rows))
    colouring = county_map.stations_colouring(table, None, "en")
    svg = html.unescape(
        county_map.county_map(county_map.read_boundaries(BOUNDARIES), colouring, "svg", "en").decode()
    )
    assert fill_of(svg, "01") == county_map.NO_DATA.lower()  # 0 stations
    assert fill_of(svg, "02") == county_map.SEQUENTIAL[0].lower()  # 5: 1–9
    assert fill_of(svg, "03") == county_map.SEQUENTIAL[1].lower()  # 12: 10–19
    assert fill_of(svg, "05") == county_map.SEQUENTIAL[3].lower()  # 45: 40–59
    assert fill_of(svg, "06") == county_map.SEQUENTIAL[4].lower()  # 61: 60+
    aland = re.search(r'<g id="county-91">(.*?)</g>', svg, re.DOTALL).group(1)
    assert "fill: url(#" in aland  # Åland: hatched, outside the reform
    for text in ("Health stations at the end of 2019", "1–9", "60+", "Åland: outside the reform",
                 "state on 2019-12-31", "Statistics Finland", "Holster"):  # fmt: skip
        assert text in svg, text
    with pytest.raises(UserError, match="no year 2020"):
        county_map.stations_colouring(table, 2020, "en")


def test_coverage_map_reads_the_lookup_shares_and_keeps_unknown_apart():
    documents = {
        "09": {"coverage": 0.7692, "sets": {"sote-centre-minimum": {"coverage": 0.7}}},
        "19": {"coverage": None, "sets": {"sote-centre-minimum": {"coverage": None}}},
    }
    assert county_map.coverage_shares(documents, None) == {"09": 0.7692, "19": None}
    assert county_map.coverage_shares(documents, "sote-centre-minimum") == {"09": 0.7, "19": None}
    with pytest.raises(UserError, match="no coverage of service set 'nothing'"):
        county_map.coverage_shares(documents, "nothing")
    colouring = county_map.coverage_colouring({"09": 0.7, "19": None}, "sote-centre-minimum", "fi")
    assert colouring.colours == {"09": county_map.SEQUENTIAL[3], "19": county_map.NO_DATA}
    assert colouring.values == {"09": "70 %", "19": "ei mallia tietoverkossa"}


def test_the_api_draws_every_measure_from_the_shipped_data(api_client):
    stations = api_client.get("/plots/map.svg", params={"measure": "stations", "year": 2013, "lang": "en"})
    assert stations.status_code == 200 and stations.headers["content-type"].startswith("image/svg+xml")
    assert "Health stations at the end of 2013" in stations.text
    assert fill_of(stations.text, "05") == county_map.SEQUENTIAL[4].lower()  # Varsinais-Suomi: 60+ in 2013
    coverage = api_client.get("/plots/map.svg")
    assert "Palvelujen kattavuus" in coverage.text
    # no model, yet the survey's four services and the register's primary health care are offered: 5 of the 13
    # required (decision 0003), so the offered share, not "no data"
    assert fill_of(coverage.text, "19") == county_map.SEQUENTIAL[1].lower()
    assert fill_of(coverage.text, "09") != county_map.NO_DATA.lower()
    status = api_client.get("/plots/map.png", params={"measure": "status"})
    assert status.headers["content-type"] == "image/png" and status.content[:8] == b"\x89PNG\r\n\x1a\n"
    bad = api_client.get("/plots/map.svg", params={"measure": "stations", "year": 1999})
    assert bad.status_code == 400 and "no year 1999" in bad.json()["detail"]
    assert api_client.get("/plots/map.svg", params={"measure": "colour"}).status_code == 422


def test_the_cli_writes_the_map(tmp_path):
    output = tmp_path / "map.svg"
    assert cli.main(["plot", "map", "--measure", "stations", "--lang", "en", "--output", str(output)]) == 0
    svg = output.read_text(encoding="utf-8")
    assert "Health stations at the end of 2019" in svg
    assert fill_of(svg, "20") == county_map.SEQUENTIAL[0].lower()  # Kainuu: 9 stations in 2019
