"""A replay server of the PTV open API (v11) on 127.0.0.1 for the live-harvest tests, with faults on demand.

It serves SYNTHETIC national-scale data: copies of the Vaasa 2018 recording with fresh ids (sotekg.ptv.copies),
each service location listed under the municipality of its address (``ServiceChannel/list/area/Municipality/
code/{code}``, and of its county (``…/area/WellbeingServiceCounty/code/{code}``); every other area answers an
empty list), in pages of ``page_size``; ``Service/list`` and
``Organization/{id}`` answer from the same copies. ``faults`` maps a request (path, page) to the answers to give
before the real one: an HTTP status (429 comes with ``Retry-After: 0``) or ``"timeout"`` (the answer comes after
``slow_s``, later than the client waits).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from sotekg.ptv.copies import copied_records, envelope, page_count
from sotekg.ptv.mapping import read_municipality_counties

ROOT = Path(__file__).resolve().parents[2]
VAASA = ROOT / "tests" / "fixtures" / "ptv" / "vaasa-2018"
PREFIX = "/api/v11/"


class ReplayData:
    def __init__(self, copies: int, page_size: int):
        self.page_size = page_size
        counties = read_municipality_counties(ROOT / "data" / "sources" / "municipalities_2022.csv")
        self.areas: dict[tuple[str, str], list[str]] = {}
        self.services: dict[str, str] = {}
        self.organisations: dict[str, str] = {}
        for kind, text in copied_records(VAASA, copies):
            record = json.loads(text)
            if kind == "servicechannels":
                codes = [
                    ((address.get("streetAddress") or {}).get("municipality") or {}).get("code")
                    for address in record.get("addresses") or []
                ]
                code = next((c for c in codes if c), "905")
                self.areas.setdefault(("Municipality", code), []).append(text)
                self.areas.setdefault(("WellbeingServiceCounty", counties[code]), []).append(text)
            elif kind == "services":
                self.services[record["id"]] = text
            else:
                self.organisations[record["id"]] = text

    def pages(self, kind: str, code: str) -> int:
        return page_count(len(self.areas.get((kind, code), [])), self.page_size)


class Replay:
    """What the server answers, the faults still to inject, and every request it saw."""

    def __init__(self, data: ReplayData, slow_s: float = 1.0):
        self.data = data
        self.slow_s = slow_s
        self.faults: dict[tuple[str, str | None], list[int | str]] = {}
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.lock = threading.Lock()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str]:
        page = query.get("page", [None])[0]
        with self.lock:
            self.requests.append((path, query))
            planned = self.faults.get((path, page))
            fault = planned.pop(0) if planned else None
        if fault == "timeout":
            time.sleep(self.slow_s)
        elif fault is not None:
            return int(fault), '{"error": "injected"}'
        name = path.removeprefix(PREFIX)
        if name.startswith("ServiceChannel/list/area/"):
            _, _, _, kind, _, code = name.split("/")
            items = self.data.areas.get((kind, code), [])
            size = self.data.page_size
            number = int(page or 1)
            chunk = items[(number - 1) * size : number * size]
            return 200, envelope(chunk, number, size, page_count(len(items), size))
        if name == "Service/list":
            wanted = query["guids"][0].split(",")
            return 200, "[" + ",".join(self.data.services[i] for i in wanted if i in self.data.services) + "]"
        if name.startswith("Organization/") and name.split("/", 1)[1] in self.data.organisations:
            return 200, self.data.organisations[name.split("/", 1)[1]]
        return 404, '{"error": "not found"}'


@contextmanager
def replay_server(replay: Replay) -> Iterator[str]:
    """Serve ``replay`` on 127.0.0.1 (a free port); yields the API base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            status, body = replay.answer(url.path, parse_qs(url.query))
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (an injected timeout)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
