"""Pictures: the coverage heatmap and an organiser's network, asserted on what they show, not that they ran."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

import matplotlib.image
import numpy as np
import pytest

from sotekg.analysis import plots
from sotekg.analysis.run import coverage_picture, network_picture, run_named
from sotekg.errors import NotFoundError, UserError

# the coverage-state code list's labels, each after its symbol (ontology/codelists/coverage-state.ttl)
LEGEND_FI = ["✓ tarjotaan", "✗ puuttuu", "– ei kuvattu", "? ei tiedossa"]
LEGEND_EN = ["✓ offered", "✗ absent", "– not described", "? unknown"]


@pytest.fixture(scope="module")
def organiser_labels(embedded_store, settings) -> dict[str, dict[str, str]]:
    """{lang: {code: label}} of the 22 organisers, from the reference data."""
    labels: dict[str, dict[str, str]] = {"fi": {}, "en": {}}
    for row in run_named(embedded_store, settings, "analytics/labels").records():
        if row["kind"] == "organiser" and row["lang"] in labels:
            labels[row["lang"]][row["code"]] = row["label"]
    assert len(labels["fi"]) == 22
    return labels


@pytest.fixture(scope="module")
def picture(embedded_store, settings) -> Callable[[str, str, str], bytes]:
    """``picture(what, fmt, lang)``: the minimum-set coverage matrix or Päijät-Häme's network, each drawn once
    for this module (drawing takes a second or two)."""

    @cache
    def draw(what: str, fmt: str, lang: str) -> bytes:
        if what == "coverage":
            return coverage_picture(embedded_store, settings, "sote-centre-minimum", fmt, lang)
        return network_picture(embedded_store, settings, "09", fmt, lang)

    return draw


def png_colours(picture: bytes) -> tuple[tuple[int, int], set[tuple[int, int, int]]]:
    """The PNG's (height, width) and the set of its RGB colours."""
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = (
        (matplotlib.image.imread(io.BytesIO(picture), format="png")[:, :, :3] * 255).round().astype(np.uint32)
    )
    packed = np.unique((pixels[:, :, 0] << 16) | (pixels[:, :, 1] << 8) | pixels[:, :, 2])
    return pixels.shape[:2], {(int(c) >> 16, (int(c) >> 8) & 255, int(c) & 255) for c in packed}


def svg_text(picture: bytes) -> str:
    text = picture.decode("utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    return text


def test_coverage_svg_has_every_organiser_service_and_the_legend(picture, organiser_labels):
    svg = svg_text(picture("coverage", "svg", "fi"))
    for code, label in organiser_labels["fi"].items():
        assert f"{code} {label}" in svg
    for legend in LEGEND_FI + ["suun terveydenhuolto", "Palvelujen kattavuus järjestäjittäin"]:
        assert legend in svg
    assert "sote-keskuksen vähimmäispalvelut" in svg  # the service set's label in the title


def test_coverage_in_english(picture, organiser_labels):
    svg = svg_text(picture("coverage", "svg", "en"))
    for legend in LEGEND_EN + ["oral health care", organiser_labels["en"]["09"]]:
        assert legend in svg
    assert "tarjotaan" not in svg


def test_coverage_png_size_and_colours(picture):
    size, colours = png_colours(picture("coverage", "png", "fi"))
    services, organisers = 10, 22
    assert size == (round((3.2 + 0.3 * organisers) * plots.DPI), round((4.5 + 0.45 * services) * plots.DPI))
    # the four states' colours: in the cells (offered, not described, unknown) and in the legend (all four)
    for hex_colour in plots.STATUS_COLOURS:
        assert tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)) in colours, hex_colour
    assert len(colours) > 20  # text and lines, not a flat image


def test_pictures_repeat_exactly(embedded_store, settings, picture):
    assert picture("network", "svg", "fi") == network_picture(embedded_store, settings, "09", "svg", "fi")
    assert picture("coverage", "png", "fi") == coverage_picture(
        embedded_store, settings, "sote-centre-minimum", "png", "fi"
    )


def test_network_svg_shows_the_organisers_partners_and_link_types(picture):
    svg = svg_text(picture("network", "svg", "fi"))
    for text in [
        "Integraatioverkosto: Päijät-Hämeen hyvinvointialue",
        "järjestökenttä",  # node labels are wrapped, so look for single words
        "erikoissairaanhoito",
        "OT-keskushanke",
        "lähete / ohjaus",  # the referral to specialised care, labelled in Finnish
        "verkostoyhteistyö",
        "integraatiolinkki (aineistosta)",
        "rakenteellinen yhteys",
    ]:
        assert text in svg, text
    english = svg_text(picture("network", "svg", "en"))
    assert "referral" in english and "structural edge" in english


def test_network_png_is_drawn(picture):
    size, colours = png_colours(picture("network", "png", "fi"))
    assert size == (8 * plots.DPI, 11 * plots.DPI)
    partner_green = (0x00, 0x9E, 0x73)
    assert partner_green in colours and len(colours) > 20


def test_bad_picture_requests_are_user_errors(embedded_store, settings):
    with pytest.raises(UserError, match="unknown service set 'nothing'"):
        coverage_picture(embedded_store, settings, "nothing", "svg", "fi")
    with pytest.raises(UserError, match="unknown picture format 'gif'"):
        coverage_picture(embedded_store, settings, "sote-centre-minimum", "gif", "fi")
    with pytest.raises(UserError, match="unknown language 'sv'"):
        network_picture(embedded_store, settings, "09", "svg", "sv")
    with pytest.raises(NotFoundError, match="no organiser with code '99'"):
        network_picture(embedded_store, settings, "99", "svg", "fi")
