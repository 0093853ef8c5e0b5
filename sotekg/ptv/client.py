"""Fetch one area's service channels, their services and organisations from the live PTV open API (v11).

The responses are saved as they come into a download folder, next to a state file (``download.state``, JSON) that records
the last completed page and the ids already fetched: an interrupted download resumes where it stopped, and the
folder is then read by ``sotekg.ptv.reader`` like any recorded input. Requests are paced
(``settings.ptv_request_interval_s``) and every loop is bounded.

- channels: ``ServiceChannel/list/area/{type}/code/{code}?page=N`` (``&date=`` for changes since a time), until
  ``pageCount``;
- services: ``Service/list?guids=…``, at most 100 ids a call;
- organisations: ``Organization/{id}``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

from ..errors import UserError

AREA_TYPES = ("Municipality", "Province", "BusinessRegion", "HospitalRegion", "WellbeingServiceCounty")
GUIDS_PER_CALL = 100
MAX_PAGES = 2_000
STATE_FILE = "download.state"  # JSON, but not *.json: the reader reads the folder
TIMEOUT_S = 30.0


@dataclass
class DownloadState:
    """What a download has done so far; saved after every response."""

    area: str
    since: str | None
    pages_done: int = 0
    page_count: int | None = None
    services: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)

    @classmethod
    def load_or_start(cls, path: Path, area: str, since: str | None) -> DownloadState:
        if path.is_file():
            saved = cls(**json.loads(path.read_text(encoding="utf-8")))
            if (saved.area, saved.since) == (area, since):
                return saved
            raise UserError(
                f"{path} belongs to another download ({saved.area}, since {saved.since}); "
                "use another download folder"
            )
        return cls(area, since)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")


def parse_area(text: str) -> tuple[str, str]:
    """``Municipality:905`` → ``("Municipality", "905")``."""
    kind, _, code = text.partition(":")
    if kind not in AREA_TYPES or not code.strip():
        raise UserError(
            f"--area must be TYPE:CODE with TYPE one of {', '.join(AREA_TYPES)}, e.g. Municipality:905"
        )
    return kind, code.strip()


class PtvClient:
    """A paced HTTP client of the PTV open API, writing every response into ``folder``."""

    def __init__(
        self,
        base_url: str,
        folder: Path,
        *,
        interval_s: float,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.folder = folder
        self.interval_s = interval_s
        self.sleep = sleep
        self.requests = 0
        self._http = httpx.Client(
            timeout=TIMEOUT_S,
            transport=transport,
            follow_redirects=True,
            headers={"Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def download_area(self, area: str, since: datetime | None) -> DownloadState:
        """Fetch (or finish fetching) the channels of ``area`` changed since ``since``, their services and
        organisations; return the final state."""
        area_type, code = parse_area(area)
        self.folder.mkdir(parents=True, exist_ok=True)
        state_path = self.folder / STATE_FILE
        since_text = since.strftime("%Y-%m-%dT%H:%M:%S") if since else None
        state = DownloadState.load_or_start(state_path, area, since_text)
        state.save(state_path)
        while state.page_count is None or state.pages_done < state.page_count:
            page = state.pages_done + 1
            if page > MAX_PAGES:
                raise UserError(f"more than {MAX_PAGES} pages of channels; narrow the area")
            params = {"page": str(page), **({"date": since_text} if since_text else {})}
            body = self._get(f"ServiceChannel/list/area/{area_type}/code/{code}", params)
            self._write(f"channels-page-{page:04d}.json", body)
            state.page_count = int(body.get("pageCount") or 0) if isinstance(body, dict) else 0
            state.pages_done = page
            state.save(state_path)
        channels = self._saved_items("channels-page-*.json")
        service_ids = sorted(
            {
                link["service"]["id"]
                for channel in channels
                for link in channel.get("services") or []
                if (link.get("service") or {}).get("id")
            }
            - set(state.services)
        )
        for start in range(0, len(service_ids), GUIDS_PER_CALL):
            batch = service_ids[start : start + GUIDS_PER_CALL]
            body = self._get("Service/list", {"guids": ",".join(batch)})
            self._write(f"services-{len(state.services):06d}.json", body)
            state.services += batch
            state.save(state_path)
        organisation_ids = sorted(
            {channel["organizationId"] for channel in channels if channel.get("organizationId")}
            - set(state.organizations)
        )
        for organisation in organisation_ids:
            self._write(f"organization-{organisation}.json", self._get(f"Organization/{organisation}", {}))
            state.organizations.append(organisation)
            state.save(state_path)
        return state

    def _get(self, path: str, params: dict[str, str]) -> object:
        if self.requests:
            self.sleep(self.interval_s)
        self.requests += 1
        url = self.base_url + path
        try:
            response = self._http.get(url, params=params)
        except httpx.HTTPError as error:
            raise UserError(f"PTV API request {url} failed: {error}; run again to resume") from error
        if response.status_code != 200:
            raise UserError(
                f"PTV API answered {response.status_code} to {response.request.url}; run again to resume"
            )
        try:
            return response.json()
        except ValueError as error:
            raise UserError(f"PTV API answered non-JSON to {response.request.url}") from error

    def _write(self, name: str, body: object) -> None:
        (self.folder / name).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")

    def _saved_items(self, pattern: str) -> list[dict]:
        items: list[dict] = []
        for path in sorted(self.folder.glob(pattern)):
            body = json.loads(path.read_text(encoding="utf-8"))
            items += [item for item in (body.get("itemList") or []) if isinstance(item, dict)]
        return items
