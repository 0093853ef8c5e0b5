"""Nothing let in without a token: who may write which organiser's model, over HTTP.

Tokens come from the environment (``SOTEKG_TOKEN``, named ``default``, every organiser) and from a TOML tokens
file (named, scoped: ``paijat-hame`` may write 09 only, ``organiser-19`` 19 only). No token, a malformed header
or an unknown token → 401 with ``WWW-Authenticate: Bearer``; a known token for another organiser → 403; the
stored model unchanged in every refused case. Each presented token is compared with every known digest (no early
exit). No secret ever reaches a response, the settings' repr, or a log line — the app's and uvicorn's, at DEBUG,
from a real server.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import WRITER_TOKEN, bearer, run_in_thread
from fastapi.testclient import TestClient
from pydantic import SecretStr
from trust_models import MODEL_A, REGION_09_GRAPH, ROOT, TURTLE, turtle_graph

import sotekg.tokens
from api.app import create_app
from sotekg.settings import Settings
from sotekg.store import Store

PAIJAT_HAME_SECRET = "trust-paijat-hame-7d41e0"
ORGANISER_19_SECRET = "trust-organiser-19-5b9c2f"
UNKNOWN_SECRET = "trust-unknown-token-0a8e6d"
SECRETS = (WRITER_TOKEN, PAIJAT_HAME_SECRET, ORGANISER_19_SECRET, UNKNOWN_SECRET)
NOT_BEARER = [
    {},
    {"Authorization": ""},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer    "},
    {"Authorization": f"Token {PAIJAT_HAME_SECRET}"},
    {"Authorization": "Basic cGFpamF0LWhhbWU6c2VjcmV0"},
    {"Authorization": PAIJAT_HAME_SECRET},
    {"Authorization": f"Bearer {UNKNOWN_SECRET}"},
    {"Authorization": f"Bearer {PAIJAT_HAME_SECRET.upper()}"},
]


@pytest.fixture
def store(embedded_store: Store) -> Store:
    """Tokens are checked before any store is touched: the embedded one is enough here."""
    return embedded_store


@pytest.fixture
def token_settings(writable_settings: Settings, tmp_path: Path) -> Settings:
    tokens = tmp_path / "tokens.toml"
    digest = hashlib.sha256(PAIJAT_HAME_SECRET.encode()).hexdigest()
    tokens.write_text(
        f'[tokens.paijat-hame]\nsha256 = "{digest}"\nregions = ["09"]\n\n'
        f'[tokens.organiser-19]\nsecret = "{ORGANISER_19_SECRET}"\nregions = ["19"]\n',
        encoding="utf-8",
    )
    return writable_settings.model_copy(update={"tokens_file": tokens})


@pytest.fixture
def client(store: Store, token_settings: Settings, region_09_kept: None) -> Iterator[TestClient]:
    with TestClient(create_app(token_settings, store=store)) as client:
        yield client


def model_lines(store: Store) -> bytes:
    return store.serialize_graph(REGION_09_GRAPH, "application/n-triples")


def test_no_valid_token_is_401_and_changes_nothing(client, store):
    before = model_lines(store)
    for headers in NOT_BEARER:
        for answer in (
            client.put("/regions/09/model", content=MODEL_A, headers={**TURTLE, **headers}),
            client.post("/regions/09/model/history/1/restore", headers=headers),
        ):
            assert answer.status_code == 401, (headers, answer.text)
            assert answer.json()["error"] == "unauthorized"
            assert answer.headers["www-authenticate"] == 'Bearer realm="sotekg"'
    assert len(NOT_BEARER) == 9
    assert model_lines(store) == before


def test_a_token_for_another_organiser_is_403(client, store):
    before = model_lines(store)
    for answer in (
        client.put("/regions/09/model", content=MODEL_A, headers={**TURTLE, **bearer(ORGANISER_19_SECRET)}),
        client.post("/regions/09/model/history/1/restore", headers=bearer(ORGANISER_19_SECRET)),
    ):
        assert (answer.status_code, answer.json()["error"]) == (403, "forbidden")
        assert "token 'organiser-19' may not write the model of region 09" in answer.json()["detail"]
    assert model_lines(store) == before


def test_a_scoped_token_from_the_tokens_file_writes_its_organiser(client, store):
    answer = client.put(
        "/regions/09/model", content=MODEL_A, headers={**TURTLE, **bearer(PAIJAT_HAME_SECRET)}
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["who"], answer.json()["version"]) == ("paijat-hame", 2)
    versions = client.get("/regions/09/model/history").json()["versions"]
    assert [(v["version"], v["who"]) for v in versions] == [(1, "shipped"), (2, "paijat-hame")]
    restored = client.post("/regions/09/model/history/1/restore", headers=bearer(PAIJAT_HAME_SECRET))
    assert restored.status_code == 200 and restored.json()["who"] == "paijat-hame"
    shipped = client.get("/regions/09/model/history/1", headers={"Accept": "text/turtle"}).content
    assert turtle_graph(client.get("/regions/09/model").content).isomorphic(turtle_graph(shipped))


def test_the_default_token_comes_from_the_environment(store, monkeypatch, tmp_path, region_09_kept):
    monkeypatch.setenv("SOTEKG_TOKEN", WRITER_TOKEN)
    monkeypatch.delenv("SOTEKG_TOKENS_FILE", raising=False)
    settings = Settings(root=ROOT, store_dir=None, endpoint=None, history_dir=tmp_path / "history")
    assert settings.token is not None and WRITER_TOKEN not in repr(settings) + str(settings)
    with TestClient(create_app(settings, store=store)) as client:
        answer = client.put("/regions/09/model", content=MODEL_A, headers={**TURTLE, **bearer()})
        assert answer.status_code == 200, answer.text
        assert answer.json()["who"] == "default"
        assert turtle_graph(client.get("/regions/09/model").content).isomorphic(turtle_graph(MODEL_A))


def test_without_configured_tokens_writes_are_disabled(store, settings):
    assert settings.token is None and settings.tokens_file is None
    with TestClient(create_app(settings, store=store)) as client:
        answer = client.put("/regions/09/model", content=MODEL_A, headers={**TURTLE, **bearer()})
        assert (answer.status_code, answer.json()["error"]) == (401, "unauthorized")
        assert "writes are disabled" in answer.json()["detail"]


def test_every_known_token_is_compared_every_time(token_settings, monkeypatch):
    registry = sotekg.tokens.TokenRegistry.from_settings(token_settings)
    assert [token.name for token in registry.tokens] == ["default", "paijat-hame", "organiser-19"]
    compared: list[int] = []
    compare = hmac.compare_digest

    def counting_compare(a: bytes, b: bytes) -> bool:
        compared.append(1)
        return compare(a, b)

    monkeypatch.setattr(sotekg.tokens.hmac, "compare_digest", counting_compare)
    for secret, name in ((WRITER_TOKEN, "default"), (PAIJAT_HAME_SECRET, "paijat-hame")):
        compared.clear()
        assert registry.identify(f"Bearer {secret}").name == name
        assert len(compared) == 3  # the first token matching does not end the comparison early
    assert all(secret not in repr(registry.tokens) for secret in SECRETS)


def test_no_secret_reaches_a_log_line(store, token_settings, unused_port, region_09_kept, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    app = create_app(token_settings, store=store)
    server, thread = run_in_thread(app, unused_port, log_config=None, log_level="debug", access_log=True)
    url = f"http://127.0.0.1:{unused_port}"
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            statuses = [
                client.put(
                    "/regions/09/model", content=MODEL_A, headers={**TURTLE, **bearer(secret)}
                ).status_code
                for secret in SECRETS
            ]
            statuses.append(client.post("/regions/09/model/history/1/restore", headers=bearer()).status_code)
            statuses.append(
                client.put("/regions/09/model", content=b"@prefix x", headers={**TURTLE, **bearer()})
            )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    statuses[-1] = statuses[-1].status_code
    assert statuses == [200, 200, 403, 401, 200, 400]
    assert any("PUT /regions/09/model" in record.getMessage() for record in caplog.records), (
        "no access log seen"
    )
    printed = capfd.readouterr()
    for secret in SECRETS:
        assert secret not in caplog.text and secret not in printed.out + printed.err
        assert hashlib.sha256(secret.encode()).hexdigest() not in caplog.text
    assert isinstance(token_settings.token, SecretStr) and WRITER_TOKEN not in repr(token_settings)
