"""Paging of the list resources (``GET /regions``, ``GET /services``): which part of a list a request asks for
(``page``, ``per_page``, ``modified_since``; 400 ``bad_parameter`` for one that cannot be used) and that page as
JSON (an envelope with ``total``, ``page``, ``per_page``) or CSV, made once per index snapshot and cached on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sotekg.index import CSV, JSON, LookupIndex, Prepared, json_bytes
from sotekg.lookups import Document, regions_table, services_table
from sotekg.tabular import render

from .errors import BadParameter

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
LIST_TABLES = {"regions": regions_table, "services": services_table}


@dataclass(frozen=True)
class Page:
    """Which part of a list: page number (from 1), page size, and an optional modification-date filter."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    modified_since: str | None = None

    @classmethod
    def checked(
        cls, page: int = 1, per_page: int = DEFAULT_PER_PAGE, modified_since: str | None = None
    ) -> Page:
        """A Page, or BadParameter naming what is wrong."""
        if page < 1:
            raise BadParameter(f"page must be 1 or more, got {page}")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise BadParameter(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
        if modified_since is not None:
            modified_since = _utc_iso(modified_since)
        return cls(page, per_page, modified_since)


def _utc_iso(value: str) -> str:
    """An ISO 8601 date or date-time as a UTC date-time text, comparable with ``modelModified``."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"modified_since must be an ISO 8601 date or date-time, got {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def page_items(index: LookupIndex, kind: str, page: Page) -> tuple[list[Document], int]:
    """The items of a list on one page, and the total after filtering."""
    items = index.items(kind)
    if page.modified_since is not None:
        items = [item for item in items if (item.get("modelModified") or "") >= page.modified_since]
    start = (page.page - 1) * page.per_page
    return items[start : start + page.per_page], len(items)


def list_page(index: LookupIndex, kind: str, page: Page) -> tuple[Prepared, int]:
    """One page of a list as JSON, and the total."""
    items, total = page_items(index, kind, page)

    def envelope() -> Prepared:
        document: Document = {kind: items, "total": total, "page": page.page, "per_page": page.per_page}
        if kind == "services":
            document["sets"] = index.documents.service_sets
        return Prepared.of(json_bytes(document), JSON)

    return index.cached((kind, page, "json"), envelope), total


def list_csv(index: LookupIndex, kind: str, page: Page) -> tuple[Prepared, int]:
    """One page of a list as CSV, and the total."""
    items, total = page_items(index, kind, page)
    return index.cached(
        (kind, page, "csv"), lambda: Prepared.of(render(LIST_TABLES[kind](items), "csv").encode(), CSV)
    ), total
