"""Nothing let in, nothing taken down: request limits and CORS.

- A body over ``max_body_bytes`` is refused with 413 before it is read: by its ``Content-Length`` (the server
  answers while the client has sent 10 bytes of a announced gigabyte) and, without a length (chunked), as soon as
  the limit is passed (the last chunk is never sent).
- More triples than ``max_upload_triples`` → 413; the stored model untouched.
- JSON-LD with a remote ``@context`` (plain, in an array, scoped, ``@import``) → 400 and the context URL — a
  recording server on 127.0.0.1 — is never contacted; JSON-LD nested deeper than the parser can take → 400 (it
  would crash the process); RDF/XML entities that expand to gigabytes ("billion laughs") → 400 at once.
- CORS: off by default (no ``Access-Control-Allow-Origin``, preflights refused); with ``SOTEKG_CORS_ORIGINS``
  only the listed origins, never with credentials.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
from conftest import bearer, run_in_thread
from fastapi.testclient import TestClient
from trust_models import MODEL_A, REGION_09_GRAPH, ROOT, TURTLE

from api.app import create_app
from sotekg.settings import Settings
from sotekg.store import Store

MAX_BODY = 4096
ALLOWED_ORIGIN = "https://palveluhakemisto.example.fi"
OTHER_ORIGIN = "https://evil.example.com"


@pytest.fixture
def store(embedded_store: Store) -> Store:
    """Limits come before any store: the embedded one is enough here."""
    return embedded_store


@pytest.fixture
def limited(writable_settings: Settings) -> Settings:
    return writable_settings.model_copy(update={"max_body_bytes": MAX_BODY, "max_upload_triples": 100})


@pytest.fixture
def limited_port(store: Store, limited: Settings, unused_port: int) -> Iterator[int]:
    server, thread = run_in_thread(create_app(limited, store=store), unused_port)
    try:
        yield unused_port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def answer_while_sending(port: int, head: str, body_part: bytes) -> tuple[int, dict]:
    """Send the request head and only part of the body, then read the answer: (status, JSON body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(head.encode("latin-1") + b"\r\n" + body_part)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            assert chunk, f"the server closed without answering: {received!r}"
            received += chunk
        head_bytes, _, body = received.partition(b"\r\n\r\n")
        lines = head_bytes.decode("latin-1").split("\r\n")
        length = next(int(line.split(":")[1]) for line in lines if line.lower().startswith("content-length:"))
        while len(body) < length:
            chunk = connection.recv(65536)
            assert chunk
            body += chunk
    return int(lines[0].split(" ")[1]), json.loads(body)


def request_head(method: str, path: str, headers: dict[str, str]) -> str:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("method", "path", "content_type"),
    [
        ("POST", "/validate", "text/turtle"),
        ("PUT", "/regions/09/model", "text/turtle"),
        ("POST", "/sparql", "application/sparql-query"),
    ],
)
def test_an_announced_oversize_body_is_refused_unread(limited_port, store, method, path, content_type):
    before = store.count(REGION_09_GRAPH)
    headers = {"Content-Type": content_type, "Content-Length": "1000000000", **bearer()}
    status, body = answer_while_sending(limited_port, request_head(method, path, headers), b"@prefix : <")
    assert (status, body["error"]) == (413, "body_too_large")
    assert "1000000000 bytes" in body["detail"] and str(MAX_BODY) in body["detail"]
    assert store.count(REGION_09_GRAPH) == before


@pytest.mark.parametrize("path", ["/validate", "/regions/09/model"])
def test_a_chunked_body_is_cut_off_at_the_limit(limited_port, store, path):
    before = store.count(REGION_09_GRAPH)
    method = "PUT" if path.endswith("/model") else "POST"
    headers = {"Content-Type": "text/turtle", "Transfer-Encoding": "chunked", **bearer()}
    chunk = b"# " + b"x" * 1000 + b"\n"
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5))  # over 4096, never terminated
    status, body = answer_while_sending(limited_port, request_head(method, path, headers), chunks)
    assert (status, body["error"]) == (413, "body_too_large")
    assert store.count(REGION_09_GRAPH) == before


@pytest.fixture
def client(store: Store, limited: Settings) -> Iterator[TestClient]:
    with TestClient(
        create_app(limited.model_copy(update={"max_body_bytes": 5_000_000}), store=store)
    ) as client:
        yield client


def test_too_many_triples_are_refused_and_the_model_kept(client, store):
    before = store.serialize_graph(REGION_09_GRAPH, "application/n-triples")
    for method, path in (("POST", "/validate"), ("PUT", "/regions/09/model")):
        response = client.request(method, path, content=MODEL_A, headers={**TURTLE, **bearer()})
        assert response.status_code == 413, response.text
        assert response.json()["error"] == "body_too_large"
        assert "more than 100 triples" in response.json()["detail"]
    assert store.serialize_graph(REGION_09_GRAPH, "application/n-triples") == before


def remote_contexts(url: str) -> dict[str, dict]:
    return {
        "plain": {"@context": f"{url}/context.jsonld", "@id": "https://example.org/a", "p": "v"},
        "in an array": {
            "@context": [{"p": "https://example.org/p"}, f"{url}/array.jsonld"],
            "@id": "https://example.org/a",
            "p": "v",
        },
        "scoped": {
            "@context": {"p": {"@id": "https://example.org/p", "@context": f"{url}/scoped.jsonld"}},
            "@id": "https://example.org/a",
            "p": {"@id": "https://example.org/b"},
        },
        "@import": {
            "@context": {"@version": 1.1, "@import": f"{url}/import.jsonld"},
            "@id": "https://example.org/a",
        },
    }


def test_remote_json_ld_contexts_are_refused_never_fetched(client, store, recording_server):
    url, requests = recording_server
    before = store.count(REGION_09_GRAPH)
    cases = remote_contexts(url)
    for name, document in cases.items():
        for method, path in (("POST", "/validate"), ("PUT", "/regions/09/model")):
            response = client.request(
                method,
                path,
                content=json.dumps(document),
                headers={"Content-Type": "application/ld+json", **bearer()},
            )
            assert response.status_code == 400, (name, path, response.text)
            assert response.json()["error"] == "malformed_rdf"
            assert "remote JSON-LD contexts are not fetched" in response.json()["detail"]
    assert len(cases) == 4 and requests == []
    assert store.count(REGION_09_GRAPH) == before


def test_deeply_nested_json_ld_is_a_400_not_a_crash(client):
    depth = 20_000  # deep enough to overflow the JSON-LD parser's stack and take the process down
    document = (
        '{"@context": {"p": "https://example.org/p"}, "@id": "https://example.org/a", '
        + '"p": {' * depth
        + '"@id": "https://example.org/b"'
        + "}" * depth
        + "}"
    )
    for method, path in (("POST", "/validate"), ("PUT", "/regions/09/model")):
        response = client.request(
            method, path, content=document, headers={"Content-Type": "application/ld+json", **bearer()}
        )
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "malformed_rdf"
        assert "nested deeper than 100 levels" in response.json()["detail"]
    assert client.get("/health").status_code == 200


def test_exploding_xml_entities_are_refused_at_once(client):
    entities = ['<!ENTITY a "' + "a" * 64 + '">']
    entities += [f'<!ENTITY {b} "{("&" + a + ";") * 16}">' for a, b in zip("abcdef", "bcdefg", strict=True)]
    document = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ {" ".join(entities)} ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="https://example.org/">
  <rdf:Description rdf:about="https://example.org/a"><x:p>&g;</x:p></rdf:Description>
</rdf:RDF>"""  # &g; would be 16^6 × 64 bytes ≈ 1 GB
    response = client.post("/validate", content=document, headers={"Content-Type": "application/rdf+xml"})
    assert response.status_code == 400, response.text
    assert "amplification" in response.json()["detail"] and "line 4" in response.json()["detail"]


def test_xml_entities_within_bounds_still_work(client):
    document = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY sk "https://w3id.org/sotekg/def#"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="https://w3id.org/sotekg/id/centre/09-entity-test">
    <rdf:type rdf:resource="&sk;SoteCentre"/>
  </rdf:Description>
</rdf:RDF>"""
    response = client.post(
        "/validate?lang=en", content=document, headers={"Content-Type": "application/rdf+xml"}
    )
    assert response.status_code == 200, response.text
    focus_nodes = {result["focusNode"] for result in response.json()["results"]}
    assert focus_nodes == {"https://w3id.org/sotekg/id/centre/09-entity-test"}


def test_cors_is_off_by_default(store, settings):
    assert settings.cors_origins == []
    with TestClient(create_app(settings, store=store)) as client:
        response = client.get("/health", headers={"Origin": ALLOWED_ORIGIN})
        assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
        preflight = client.options(
            "/regions/09/model",
            headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "PUT"},
        )
        assert preflight.status_code == 405 and "access-control-allow-origin" not in preflight.headers


def test_cors_answers_only_the_configured_origins(store, monkeypatch):
    monkeypatch.setenv("SOTEKG_CORS_ORIGINS", json.dumps([ALLOWED_ORIGIN]))
    settings = Settings(root=ROOT, store_dir=None, endpoint=None, token=None, tokens_file=None)
    assert settings.cors_origins == [ALLOWED_ORIGIN]
    with TestClient(create_app(settings, store=store)) as client:
        allowed = client.get("/regions/09/services", headers={"Origin": ALLOWED_ORIGIN})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
        assert "access-control-allow-credentials" not in allowed.headers
        assert "ETag" in allowed.headers["access-control-expose-headers"]
        other = client.get("/regions/09/services", headers={"Origin": OTHER_ORIGIN})
        assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
        preflight = client.options(
            "/regions/09/model",
            headers={
                "Origin": ALLOWED_ORIGIN,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "Authorization, Content-Type",
            },
        )
        assert preflight.status_code == 200
        assert "PUT" in preflight.headers["access-control-allow-methods"]
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        refused = client.options(
            "/regions/09/model",
            headers={"Origin": OTHER_ORIGIN, "Access-Control-Request-Method": "PUT"},
        )
        assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
