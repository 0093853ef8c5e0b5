"""The county map: the 22 organisers drawn from the 2026 boundary file (``data/geo/``, EPSG:3067 as it is),
coloured by a measure, with a legend, the date of the data and the source credits; Åland (91) is drawn hatched
as outside the reform. Measures:

- ``coverage``: the share of a service set an organiser's centres cover, from the lookup documents
  (``GET /regions/{code}/services``: ``coverage``, or ``sets[set].coverage``); no model in the graph is grey;
- ``stations``: health stations at the end of a year of the register (``analytics/health-stations-by-year``);
- ``status``: the latest sote-centre status (``analytics/sote-centre-status``).

Each county is an SVG group with the id ``county-{code}`` and a title, so the web page can make it a link.
Used by ``sotekg plot map`` and ``GET /plots/map.svg|png``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from ..errors import UserError
from ..tabular import ResultTable
from .plots import OKABE_ITO, STYLE, _figure, _save, check_options

MEASURES = ("coverage", "stations", "status")
OUTSIDE_REFORM = "91"
NO_DATA = "#E8E8E8"
# sequential, light to dark: readable in grey and for colour-vision deficiencies (ColorBrewer Blues)
SEQUENTIAL = ("#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
STATUS_COLOURS = {
    "definition-ongoing": OKABE_ITO["orange"],
    "implementation-ongoing": OKABE_ITO["sky-blue"],
    "implemented": OKABE_ITO["blue"],
}
STATION_BINS = ((1, 10), (10, 20), (20, 40), (40, 60), (60, None))  # [low, high)
COVERAGE_BINS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0))  # [low, high), the last [0.8, 1]
TEXT = {
    "fi": {
        "title-coverage": "Palvelujen kattavuus: {detail}",
        "title-stations": "Terveysasemat vuoden {detail} lopussa",
        "title-status": "Sote-keskusten tila",
        "no-data": "ei mallia tietoverkossa",
        "no-status": "ei arviota",
        "outside": "Ahvenanmaa: uudistuksen ulkopuolella",
        "date-coverage": "Tiedot: aluemallit ja PTV-tuonnit sellaisina kuin ladattu; asemarekisteri ei ole mukana",
        "date-stations": "Tiedot: terveysasemarekisteri, tilanne {detail}-12-31",
        "date-status": "Tiedot: sote-keskusarvio {detail}",
        "boundaries": "Rajat: Tilastokeskus, hyvinvointialueet 2026 (Apache-2.0)",
        "stations-credit": "Terveysasemat: Holster, Kortelainen, Laukkonen, Lavaste, Palo, Satokangas, Hetemaa, Heikinheimo (MIT)",
    },
    "en": {
        "title-coverage": "Service coverage: {detail}",
        "title-stations": "Health stations at the end of {detail}",
        "title-status": "Sote-centre status",
        "no-data": "no model in the graph",
        "no-status": "no assessment",
        "outside": "Åland: outside the reform",
        "date-coverage": "Data: region models and PTV imports as loaded; the station register is not counted",
        "date-stations": "Data: health-station register, state on {detail}-12-31",
        "date-status": "Data: sote-centre assessment {detail}",
        "boundaries": "Boundaries: Statistics Finland, wellbeing services counties 2026 (Apache-2.0)",
        "stations-credit": "Health stations: Holster, Kortelainen, Laukkonen, Lavaste, Palo, Satokangas, Hetemaa, Heikinheimo (MIT)",
    },
}


@dataclass(frozen=True)
class County:
    code: str
    names: dict[str, str]
    rings: tuple[tuple[tuple[float, float], ...], ...]


@lru_cache(maxsize=2)
def read_boundaries(path: Path) -> tuple[County, ...]:
    """The counties of the GeoJSON file (``hyvinvointialue`` code, names fi/sv/en, every ring)."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UserError(f"{path}: not a readable GeoJSON file ({error})") from None
    counties = []
    for feature in collection.get("features", []):
        props, geometry = feature["properties"], feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = tuple(
            tuple((float(x), float(y)) for x, y, *_ in ring) for polygon in polygons for ring in polygon
        )
        names = {"fi": props["nimi"].strip(), "sv": props["namn"].strip(), "en": props["name"].strip()}
        counties.append(County(props["hyvinvointialue"], names, rings))
    return tuple(sorted(counties, key=lambda county: county.code))


@dataclass(frozen=True)
class Colouring:
    """What the map shows: a colour and a value text per county code, the legend, the title and the date."""

    colours: dict[str, str]
    values: dict[str, str]
    legend: list[tuple[str, str]]
    title: str
    date: str
    credits: list[str]


def _bin(value: float, bins) -> int:
    """The index of the bin ``[low, high)`` holding ``value`` (the last bin also holds its ``high``)."""
    for index, (low, high) in enumerate(bins):
        last = index == len(bins) - 1
        if value >= low and (high is None or value < high or (last and value <= high)):
            return index
    raise UserError(f"{value} is outside the map's bins")


def coverage_colouring(shares: Mapping[str, float | None], service_set: str, lang: str) -> Colouring:
    text = TEXT[lang]
    colours, values = {}, {}
    for code, share in shares.items():
        colours[code] = NO_DATA if share is None else SEQUENTIAL[_bin(share, COVERAGE_BINS)]
        values[code] = text["no-data"] if share is None else f"{round(share * 100)} %"
    legend = [
        (SEQUENTIAL[i], f"{round(low * 100)}–{round(high * 100)} %")
        for i, (low, high) in enumerate(COVERAGE_BINS)
    ]
    legend.append((NO_DATA, text["no-data"]))
    return Colouring(
        colours, values, legend, text["title-coverage"].format(detail=service_set), text["date-coverage"],
        [text["boundaries"]],
    )  # fmt: skip


def stations_colouring(by_year: ResultTable, year: int | None, lang: str) -> Colouring:
    """``analytics/health-stations-by-year`` rows; ``year`` None: the register's last year."""
    rows = by_year.records()
    years = sorted({int(row["year"]) for row in rows})
    if not years:
        raise UserError("the graph holds no health-station register")
    year = years[-1] if year is None else year
    if year not in years:
        raise UserError(f"the register has no year {year} (it has {years[0]}–{years[-1]})")
    text = TEXT[lang]
    colours, values = {}, {}
    for row in rows:
        if int(row["year"]) == year:
            count = int(row["stations"])
            code = str(row["organiser_code"])
            colours[code] = NO_DATA if count == 0 else SEQUENTIAL[_bin(count, STATION_BINS)]
            values[code] = str(count)
    legend = [
        (SEQUENTIAL[i], f"{low}–{high - 1}" if high else f"{low}+")
        for i, (low, high) in enumerate(STATION_BINS)
    ]
    return Colouring(
        colours, values, legend, text["title-stations"].format(detail=year),
        text["date-stations"].format(detail=year), [text["boundaries"], text["stations-credit"]],
    )  # fmt: skip


def status_colouring(statuses: ResultTable, lang: str) -> Colouring:
    """``analytics/sote-centre-status`` rows: the latest assessment of each organiser."""
    text = TEXT[lang]
    colours, values, labels, dates = {}, {}, {}, set()
    for row in statuses.records():
        if str(row.get("latest")).lower() not in ("true", "1"):
            continue
        code, status = str(row["organiser_code"]), str(row["status"])
        colours[code] = STATUS_COLOURS.get(status, NO_DATA)
        label = (
            str(row["status_label"]) if lang == "fi" else status.replace("-", " ")
        )  # the query labels in fi
        values[code] = label
        labels[status] = label
        dates.add(str(row["date"]))
    legend = [(colour, labels.get(status, status)) for status, colour in STATUS_COLOURS.items()]
    legend.append((NO_DATA, text["no-status"]))
    return Colouring(
        colours, values, legend, text["title-status"], text["date-status"].format(detail=", ".join(sorted(dates))),
        [text["boundaries"]],
    )  # fmt: skip


def _extent(ring: tuple[tuple[float, float], ...]) -> float:
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def coverage_shares(
    region_services: Mapping[str, Mapping], service_set: str | None
) -> dict[str, float | None]:
    """Organiser code → coverage share from ``GET /regions/{code}/services`` documents: of one required set,
    or of their union when ``service_set`` is None: the offered share of the derived assessments (decision 0003),
    None where a document has none (drawn as "no data", never as zero)."""
    shares = {}
    for code, document in region_services.items():
        if service_set is None:
            shares[code] = document["coverage"]
        elif service_set in document["sets"]:
            shares[code] = document["sets"][service_set]["coverage"]
        else:
            raise UserError(
                f"no coverage of service set '{service_set}' (choose one of: {', '.join(document['sets'])})"
            )
    return shares


def county_map(
    counties: tuple[County, ...], colouring: Colouring, fmt: str = "svg", lang: str = "fi"
) -> bytes:
    """The map as SVG or PNG bytes (repeatable: the same data gives the same bytes)."""
    check_options(fmt, lang)
    text = TEXT[lang]
    with matplotlib.rc_context(STYLE):
        figure = _figure(7.5, 10)
        axes = figure.subplots()
        for county in counties:
            outside = county.code == OUTSIDE_REFORM
            vertices, codes = [], []
            for ring in county.rings:
                vertices += list(ring)
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
            patch = PathPatch(
                MplPath(vertices, codes),
                facecolor="white" if outside else colouring.colours.get(county.code, NO_DATA),
                edgecolor="#555555",
                linewidth=0.6,
                hatch="////" if outside else None,
            )
            patch.set_gid(f"county-{county.code}")
            axes.add_patch(patch)
            largest = max(county.rings, key=_extent)
            xs, ys = [x for x, _ in largest], [y for _, y in largest]
            if not outside:
                axes.annotate(
                    county.code,
                    ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="#222222",
                )
        axes.set_aspect("equal")
        axes.autoscale_view()
        axes.set_axis_off()
        axes.set_title(colouring.title, loc="left", fontsize=12)
        handles = [
            Patch(facecolor=colour, edgecolor="#555555", label=label) for colour, label in colouring.legend
        ]
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////", label=text["outside"]))
        axes.legend(handles=handles, loc="upper left", frameon=False, fontsize=8)
        figure.text(0.01, 0.01, "\n".join([colouring.date, *colouring.credits]), fontsize=6.5, va="bottom")
        return _save(figure, fmt)
