"""A bounded load test on loopback: concurrent lookups and validations while a writer publishes five models.

A real uvicorn server over the embedded store; an asyncio client (httpx) runs ``READERS`` lookup loops (regions,
one region, its services, a centre, the service list, a municipality, the model — some with ``If-None-Match``)
and ``VALIDATORS`` ``POST /validate`` loops while one writer PUTs five different models of region 09 in turn.
Bounded: until the writer is done, at most ``MAX_REQUESTS`` requests and ``BUDGET_S`` seconds. Then: no request
failed (lookups 200 or 304, validations 200 with the expected verdict), every PUT was accepted, the region holds
the last model (no lost write) and the history holds every model in order.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import bearer
from rdflib import Graph
from trust_models import MODEL_A, SHIPPED_09, TURTLE, turtle_graph, with_synthetic_offerings

from sotekg.store import Store

READERS = 8
VALIDATORS = 2
MAX_REQUESTS = 2_000
BUDGET_S = 30.0
MODELS = [with_synthetic_offerings(2 + n, "home-delivered-services", f"load-{n}") for n in range(5)]
INVALID = MODEL_A.replace(b"    sk:serviceType service:oral-health-care ;\n", b"", 1)


@pytest.fixture
def store(embedded_store: Store) -> Store:
    return embedded_store


def test_lookups_and_validations_during_puts_fail_nothing_and_lose_nothing(writable_server: str):
    statuses: Counter[tuple[str, int]] = Counter()
    failures: list[str] = []
    assert INVALID != MODEL_A

    async def run() -> list[int]:
        deadline = time.monotonic() + BUDGET_S
        writing = asyncio.Event()
        writing.set()
        async with httpx.AsyncClient(base_url=writable_server, timeout=60) as client:
            region = (await client.get("/regions/09")).json()
            municipality = region["municipalities"][0]["code"]
            centre = region["centres"][0]["id"]
            model_etag = (await client.get("/regions/09/model")).headers["etag"]
            lookups = [
                "/regions",
                "/regions/09",
                "/regions/09/services",
                f"/centres/{centre}",
                "/services",
                f"/municipalities/{municipality}",
                "/regions/09/model",
            ]

            def more() -> bool:
                return writing.is_set() and time.monotonic() < deadline and statuses.total() < MAX_REQUESTS

            async def reader(number: int) -> None:
                turn = number
                while more():
                    path = lookups[turn % len(lookups)]
                    headers = {"If-None-Match": model_etag} if path.endswith("/model") and turn % 2 else {}
                    answer = await client.get(path, headers=headers)
                    statuses[("GET", answer.status_code)] += 1
                    if answer.status_code not in (200, 304):
                        failures.append(f"GET {path}: {answer.status_code} {answer.text[:200]}")
                    turn += 1

            async def validator(number: int) -> None:
                turn = number
                while more():
                    body, conforms = (MODEL_A, True) if turn % 2 else (INVALID, False)
                    answer = await client.post("/validate", content=body, headers=TURTLE)
                    statuses[("POST", answer.status_code)] += 1
                    if answer.status_code != 200 or answer.json()["conforms"] is not conforms:
                        failures.append(f"POST /validate: {answer.status_code} {answer.text[:200]}")
                    turn += 1

            async def writer() -> list[int]:
                versions = []
                try:
                    for model in MODELS:
                        answer = await client.put(
                            "/regions/09/model", content=model, headers={**TURTLE, **bearer()}
                        )
                        statuses[("PUT", answer.status_code)] += 1
                        assert answer.status_code == 200, answer.text
                        versions.append(answer.json()["version"])
                finally:
                    writing.clear()
                return versions

            tasks = [reader(n) for n in range(READERS)] + [validator(n) for n in range(VALIDATORS)]
            written, *_ = await asyncio.gather(writer(), *tasks)
            return written

    # A thread of its own: the web tests' session-wide Playwright keeps an event loop running on the main thread.
    with ThreadPoolExecutor(max_workers=1) as own_loop:
        versions = own_loop.submit(asyncio.run, run()).result()
    print(f"load test: {statuses.total()} requests: {dict(statuses)}")
    assert failures == [], failures[:5]
    assert versions == [2, 3, 4, 5, 6], versions
    assert statuses[("PUT", 200)] == len(MODELS)
    assert statuses[("GET", 200)] >= READERS and statuses[("POST", 200)] >= VALIDATORS, statuses
    assert set(statuses) <= {("GET", 200), ("GET", 304), ("POST", 200), ("PUT", 200)}, statuses

    with httpx.Client(base_url=writable_server, timeout=60) as client:
        current = client.get("/regions/09/model", headers={"Accept": "application/n-triples"})
        assert Graph().parse(data=current.content, format="nt").isomorphic(turtle_graph(MODELS[-1]))
        history = client.get("/regions/09/model/history").json()["versions"]
        assert [(v["version"], v["who"]) for v in history] == [(1, "shipped")] + [
            (n, "default") for n in versions
        ]
        for version, expected in zip(history, [SHIPPED_09, *MODELS], strict=True):
            stored = client.get(
                f"/regions/09/model/history/{version['version']}", headers={"Accept": "text/turtle"}
            )
            assert turtle_graph(stored.content).isomorphic(turtle_graph(expected)), version
