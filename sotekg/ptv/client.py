"""Harvest service channels, their services and organisations from the live PTV open API (v11), robustly.

The responses are saved as they come into a harvest folder, each file written whole (a temporary file renamed),
next to a checkpoint (``harvest.state``, JSON) that records what has arrived: an interrupted harvest — a failed
request, a kill — resumes where it stopped, and the folder is then read like any recorded input. Requests run a
few at a time (``settings.ptv_concurrency``), paced (``settings.ptv_request_interval_s`` between starts); 429,
5xx answers, timeouts and broken connections are retried with exponential back-off (``Retry-After`` honoured,
at most 60 s) up to ``settings.ptv_max_attempts`` tries. A request that still fails is recorded in the
checkpoint: the harvest goes on, ends *incomplete* and says so; running it again fetches what is missing.

- channels: ``ServiceChannel/list/area/{type}/code/{code}?page=N`` (``&date=`` for ``--since``), until
  ``pageCount``; the whole country is every municipality of ``data/sources/municipalities_2022.csv``;
- services: ``Service/list?guids=…``, at most 100 ids a call; organisations: ``Organization/{id}``.

Every loop is bounded: pages per area, tries per request, the back-off, the requests of a harvest.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import httpx

from ..errors import UserError
from .reader import PtvInput, record_kind

AREA_TYPES = ("Municipality", "Province", "BusinessRegion", "HospitalRegion", "WellbeingServiceCounty")
COUNTRY = "Country"
GUIDS_PER_CALL = 100
MAX_PAGES = 2_000  # per area
MAX_REQUESTS = 200_000  # per run: the whole country is some tens of thousands
MAX_BACKOFF_S = 60.0
RETRIED_STATUSES = {429, 500, 502, 503, 504}
STATE_FILE = "harvest.state"  # JSON, but not *.json: the reader reads the folder


class RequestFailed(Exception):
    """A request that failed for good (after its tries, or with an answer not worth retrying)."""


@dataclass
class HarvestState:
    """What a harvest has fetched so far; the checkpoint, saved after every response."""

    areas: list[str]
    since: str | None
    started: str  # the day the harvest began (ISO date): its date as evidence
    page_counts: dict[str, int] = field(default_factory=dict)
    pages_done: dict[str, list[int]] = field(default_factory=dict)
    services_done: list[str] = field(default_factory=list)
    organisations_done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # request → why it failed (this run)

    @classmethod
    def load_or_start(cls, path: Path, areas: list[str], since: str | None, today: date) -> HarvestState:
        if path.is_file():
            saved = cls(**json.loads(path.read_text(encoding="utf-8")))
            if (saved.areas, saved.since) == (areas, since):
                saved.failed = {}  # retried now
                return saved
            raise UserError(f"{path} belongs to another harvest ({', '.join(saved.areas[:3])}…, since {saved.since}); "
                            "use another folder")  # fmt: skip
        return cls(areas, since, today.isoformat())

    def save(self, path: Path) -> None:
        _write_whole(path, json.dumps(asdict(self), indent=1).encode("utf-8"))

    def pages_missing(self, area: str) -> list[int]:
        done = set(self.pages_done.get(area, []))
        count = self.page_counts.get(area)
        return (
            [1]
            if count is None and 1 not in done
            else [p for p in range(1, (count or 0) + 1) if p not in done]
        )

    @property
    def complete(self) -> bool:
        """Every page of every area, and every service and organisation they name, arrived."""
        return not self.failed and all(not self.pages_missing(area) for area in self.areas)

    def summary(self) -> str:
        pages = sum(len(done) for done in self.pages_done.values())
        text = (
            f"{pages} page(s) of channels in {len(self.areas)} area(s), {len(self.services_done)} services, "
            f"{len(self.organisations_done)} organisation(s)"
        )
        if self.complete:
            return f"Harvest complete: {text}"
        failed = "; ".join(f"{request}: {why}" for request, why in sorted(self.failed.items())[:5])
        more = f" (and {len(self.failed) - 5} more)" if len(self.failed) > 5 else ""
        return (
            f"Harvest INCOMPLETE: {len(self.failed)} request(s) failed — {failed}{more}. Imported what arrived "
            f"({text}), complete for no organiser; run the same command again to fetch the rest"
        )


def parse_area(text: str) -> tuple[str, str]:
    """``Municipality:905`` → ``("Municipality", "905")``."""
    kind, _, code = text.partition(":")
    if kind not in AREA_TYPES or not code.strip():
        raise UserError(
            f"--area must be {COUNTRY} or TYPE:CODE with TYPE one of {', '.join(AREA_TYPES)}, e.g. Municipality:905"
        )
    return kind, code.strip()


def harvest_areas(area: str, counties: dict[str, str]) -> list[str]:
    """The list areas of ``--area``: itself, or every municipality for ``Country``."""
    if area == COUNTRY:
        return [f"Municipality:{code}" for code in sorted(counties)]
    parse_area(area)
    return [area]


def complete_for(areas: Iterable[str], counties: dict[str, str], organisers: set[str]) -> set[str]:
    """The organisers (county codes) whose whole area the harvested areas cover: a wellbeing services county
    harvested as such, or every municipality of a county harvested (Helsinki is one municipality). Åland's
    municipalities (county 91) organise no wellbeing services county: never an organiser here."""
    harvested = {code for area in areas for kind, code in [parse_area(area)] if kind == "Municipality"}
    covered = {
        code for area in areas for kind, code in [parse_area(area)] if kind == "WellbeingServiceCounty"
    }
    by_county: dict[str, set[str]] = {}
    for municipality, county in counties.items():
        by_county.setdefault(county, set()).add(municipality)
    return (covered | {county for county, members in by_county.items() if members <= harvested}) & organisers


class PtvHarvester:
    """A paced, concurrent, retrying client of the PTV open API, writing every response into ``folder``."""

    def __init__(
        self,
        base_url: str,
        folder: Path,
        *,
        interval_s: float,
        concurrency: int = 4,
        max_attempts: int = 6,
        timeout_s: float = 30.0,
        backoff_s: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.folder = folder
        self.interval_s = interval_s
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self.sleep = sleep
        self.requests = 0
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._http = httpx.Client(
            timeout=timeout_s,
            transport=transport,
            follow_redirects=True,
            headers={"Accept": "application/json"},
            limits=httpx.Limits(max_connections=concurrency),
        )

    def close(self) -> None:
        self._http.close()

    def harvest(self, areas: list[str], since: datetime | None, today: date) -> HarvestState:
        """Fetch (or finish fetching) the channels of ``areas`` changed since ``since``, their services and
        organisations; the final checkpoint."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / STATE_FILE
        since_text = since.strftime("%Y-%m-%dT%H:%M:%S") if since else None
        state = HarvestState.load_or_start(path, areas, since_text, today)
        state.save(path)
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="ptv-harvest") as pool:
            self._channel_pages(pool, state, path)
            services, organisations = self._linked()
            missing = sorted(services - set(state.services_done))
            batches = [
                missing[start : start + GUIDS_PER_CALL] for start in range(0, len(missing), GUIDS_PER_CALL)
            ]
            self._fetch_each(pool, state, path, [
                (f"services {batch[0]}… ({len(batch)})", "Service/list", {"guids": ",".join(batch)},
                 f"services-{hashlib.sha1(','.join(batch).encode()).hexdigest()[:16]}.json", batch)
                for batch in batches
            ], state.services_done)  # fmt: skip
            self._fetch_each(pool, state, path, [
                (f"organisation {ptv_id}", f"Organization/{ptv_id}", {}, f"organization-{ptv_id}.json", [ptv_id])
                for ptv_id in sorted(organisations - set(state.organisations_done))
            ], state.organisations_done)  # fmt: skip
        state.save(path)
        return state

    # ---------------------------------------------------------------- the three kinds of request

    def _channel_pages(self, pool: ThreadPoolExecutor, state: HarvestState, path: Path) -> None:
        pending: dict[Future, tuple[str, int]] = {}

        def submit(area: str, page: int) -> None:
            kind, code = parse_area(area)
            params = {"page": str(page), **({"date": state.since} if state.since else {})}
            future = pool.submit(self._get, f"ServiceChannel/list/area/{kind}/code/{code}", params)
            pending[future] = (area, page)

        for area in state.areas:
            for page in state.pages_missing(area):
                submit(area, page)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                area, page = pending.pop(future)
                name = f"channels {area} page {page}"
                try:
                    body = future.result()
                except RequestFailed as error:
                    state.failed[name] = str(error)
                    continue
                if not isinstance(body, dict) or not isinstance(body.get("itemList", []), list):
                    state.failed[name] = "not a v11 paged list"
                    continue
                count = int(body.get("pageCount") or 0)
                if count > MAX_PAGES:
                    state.failed[name] = f"{count} pages, more than {MAX_PAGES}: narrow the area"
                    continue
                safe = area.replace(":", "-")
                _write_whole(
                    self.folder / f"channels-{safe}-page-{page:05d}.json", json.dumps(body).encode("utf-8")
                )
                first_time = area not in state.page_counts
                state.page_counts[area] = count
                state.pages_done.setdefault(area, []).append(page)
                state.save(path)
                if first_time:
                    for missing in state.pages_missing(area):
                        if missing not in {p for a, p in pending.values() if a == area}:
                            submit(area, missing)

    def _linked(self) -> tuple[set[str], set[str]]:
        """The services and organisations the saved channel pages name."""
        services: set[str] = set()
        organisations: set[str] = set()
        for _, item in PtvInput([self.folder]).restricted(self._saved("channels-")):
            if record_kind(item) == "channel":
                services |= {
                    link["service"]["id"]
                    for link in item.get("services") or []
                    if isinstance(link.get("service"), dict) and link["service"].get("id")
                }
                if item.get("organizationId"):
                    organisations.add(item["organizationId"])
        return services, organisations

    def _fetch_each(
        self,
        pool: ThreadPoolExecutor,
        state: HarvestState,
        path: Path,
        requests: list[tuple[str, str, dict[str, str], str, list[str]]],
        done: list[str],
    ) -> None:
        """Fetch each ``(name, url path, params, file name, ids)``: save the answer and add its ids to ``done``; a
        request that fails for good is recorded by its name."""
        futures = {
            pool.submit(self._get, url, params): (name, file, ids)
            for name, url, params, file, ids in requests
        }
        for future in _as_done(futures):
            name, file, ids = futures[future]
            try:
                body = future.result()
            except RequestFailed as error:
                state.failed[name] = str(error)
                continue
            _write_whole(self.folder / file, json.dumps(body).encode("utf-8"))
            done += ids
            state.save(path)

    def _saved(self, prefix: str) -> set[str]:
        """Origins naming every saved file whose name starts with ``prefix`` (for ``PtvInput.restricted``)."""
        return {f"{path}[0]" for path in self.folder.glob(f"{prefix}*.json")}

    # ---------------------------------------------------------------- one request, paced and retried

    def _pace(self) -> None:
        with self._lock:
            if self.requests >= MAX_REQUESTS:
                raise RequestFailed(f"more than {MAX_REQUESTS} requests in one run")
            self.requests += 1
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self.interval_s
        if start > now:
            self.sleep(start - now)

    def _get(self, path: str, params: dict[str, str]) -> object:
        """The JSON of one GET, tried up to ``max_attempts`` times; RequestFailed when it never succeeds."""
        url = self.base_url + path
        why, retry_after = "", 0.0
        for attempt in range(self.max_attempts):
            if attempt:
                self.sleep(min(MAX_BACKOFF_S, retry_after or self.backoff_s * 2 ** (attempt - 1)))
            retry_after = 0.0
            self._pace()
            try:
                response = self._http.get(url, params=params)
            except httpx.HTTPError as error:  # timeouts, refused or broken connections
                why = f"{type(error).__name__}: {error}"
                continue
            if response.status_code == 200:
                try:
                    return response.json()
                except ValueError:
                    raise RequestFailed(f"non-JSON answer to {response.request.url}") from None
            why = f"HTTP {response.status_code}"
            if response.status_code not in RETRIED_STATUSES:
                raise RequestFailed(f"{why} for {response.request.url}")
            retry_after = _seconds(response.headers.get("Retry-After"))
        raise RequestFailed(f"{why} after {self.max_attempts} tries")


def _seconds(header: str | None) -> float:
    try:
        return min(MAX_BACKOFF_S, max(0.0, float(header))) if header else 0.0
    except ValueError:
        return 0.0


def _as_done(futures: dict[Future, object]) -> Iterable[Future]:
    pending = set(futures)
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from finished


def _write_whole(path: Path, data: bytes) -> None:
    """Write a file so that it is either absent or whole, even if the process is killed."""
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
