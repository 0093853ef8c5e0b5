"""``--from-api`` against a local HTTP server on 127.0.0.1 that replays recorded v11 responses: paging, the
``date`` parameter, service batches, pacing between requests, and resuming after a failed page."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from sotekg import cli
from sotekg.errors import UserError
from sotekg.ptv.catalogue import Catalogue
from sotekg.ptv.client import STATE_FILE, PtvClient
from sotekg.ptv.reader import PtvInput

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ptv"
CHANNELS = json.loads((FIXTURES / "v11-samples" / "smbackend_municipality_channels.json").read_text("utf-8"))
SERVICES = json.loads((FIXTURES / "v11-samples" / "smbackend_municipality_services.json").read_text("utf-8"))
VAASA_ORGANISATION = json.loads(
    (FIXTURES / "vaasa-2018" / "organizations" / "7fdd7f84-e52a-4c17-a59a-d7c2a3095ed5.json").read_text(
        "utf-8"
    )
)
PAGES = [CHANNELS["itemList"][:2], CHANNELS["itemList"][2:]]  # the recorded list, served as two pages


class Replay:
    """What the server answers, and every request it saw."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.fail_once: set[str] = set()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, object]:
        self.requests.append((path, query))
        if path in self.fail_once:
            self.fail_once.discard(path)
            return 503, {"error": "busy"}
        if path == "/api/v11/ServiceChannel/list/area/Municipality/code/1":
            page = int(query["page"][0])
            return 200, {
                "pageNumber": page,
                "pageSize": 2,
                "pageCount": len(PAGES),
                "itemList": PAGES[page - 1],
            }
        if path == "/api/v11/Service/list":
            wanted = set(query["guids"][0].split(","))
            return 200, [service for service in SERVICES["itemList"] if service["id"] in wanted]
        if path.startswith("/api/v11/Organization/"):
            return 200, {**VAASA_ORGANISATION, "id": path.rsplit("/", 1)[-1]}
        return 404, {"error": "not found"}

    def page_requests(self) -> list[str]:
        return [query["page"][0] for path, query in self.requests if "/ServiceChannel/" in path]


@pytest.fixture
def replay() -> Iterator[tuple[str, Replay]]:
    state = Replay()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            status, body = state.answer(url.path, parse_qs(url.query))
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v11/", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_pages_services_and_organisations_are_downloaded_with_pauses(replay, tmp_path, tables):
    base, server = replay
    pauses: list[float] = []
    client = PtvClient(base, tmp_path / "dl", interval_s=0.25, sleep=pauses.append)
    try:
        state = client.download_area("Municipality:1", None)
    finally:
        client.close()
    assert (state.pages_done, state.page_count) == (2, 2)
    assert server.page_requests() == ["1", "2"]
    linked = {link["service"]["id"] for channel in CHANNELS["itemList"] for link in channel["services"]}
    assert set(state.services) == linked and len(linked) == 3
    (guids,) = [query["guids"][0] for path, query in server.requests if path.endswith("/Service/list")]
    assert set(guids.split(",")) == linked
    assert state.organizations == sorted({c["organizationId"] for c in CHANNELS["itemList"]})
    assert pauses == [0.25] * (len(server.requests) - 1)
    records = Catalogue(tables).scan(PtvInput([tmp_path / "dl"]))
    assert set(records.locations) | set(records.others) == {c["id"] for c in CHANNELS["itemList"]}
    assert set(records.services) == {s["id"] for s in SERVICES["itemList"]}
    assert records.unrecognised == []  # the state file is not read as data


def test_since_becomes_the_date_parameter(replay, tmp_path):
    base, server = replay
    assert (
        cli.main(
            [
                "import",
                "ptv",
                "--from-api",
                "--area",
                "Municipality:1",
                "--since",
                "2020-01-01",
                "--api-base",
                base,
                "--interval",
                "0",
                "--download-dir",
                str(tmp_path / "dl"),
            ]
        )
        == 0
    )
    dates = {query.get("date", [None])[0] for path, query in server.requests if "/ServiceChannel/" in path}
    assert dates == {"2020-01-01T00:00:00"}


def test_an_interrupted_download_resumes_after_the_last_completed_page(replay, tmp_path, capsys):
    base, server = replay
    server.fail_once.add("/api/v11/ServiceChannel/list/area/Municipality/code/1")
    folder = tmp_path / "dl"
    args = [
        "import",
        "ptv",
        "--from-api",
        "--area",
        "Municipality:1",
        "--api-base",
        base,
        "--interval",
        "0",
        "--download-dir",
        str(folder),
    ]
    assert cli.main(args) == 2
    assert "PTV API answered 503" in capsys.readouterr().err
    assert json.loads((folder / STATE_FILE).read_text("utf-8"))["pages_done"] == 0
    server.fail_once.add("/api/v11/Service/list")
    assert cli.main(args) == 2
    saved = json.loads((folder / STATE_FILE).read_text("utf-8"))
    assert (saved["pages_done"], saved["services"]) == (2, [])
    server.requests.clear()
    assert cli.main(args) == 0
    assert server.page_requests() == []  # both pages were done: only the services and organisations remain
    out = capsys.readouterr().out
    assert "Downloaded 2 page(s) of channels, 3 services, 2 organisation(s)" in out
    assert "municipality 1 is not in the municipality table" in out  # Testikunta: the sample is anonymised


def test_a_state_file_of_another_download_is_refused(replay, tmp_path):
    base, _ = replay
    client = PtvClient(base, tmp_path, interval_s=0)
    try:
        client.download_area("Municipality:1", None)
        with pytest.raises(UserError, match="belongs to another download"):
            client.download_area("Municipality:905", None)
        with pytest.raises(UserError, match="--area must be TYPE:CODE"):
            client.download_area("Kunta 905", None)
    finally:
        client.close()
