"""Nothing mixed: readers during a series of ``PUT /regions/09/model`` see the old or the new model, never a mix.

On a real uvicorn server over each store (embedded and remote), a writer alternates PUTs of models A and B while
reader threads loop over three doors — the model (``GET /regions/09/model``), the lookup index
(``GET /regions/09/services``) and the store itself through ``/sparql`` (the triple count of the region's graph)
— and every answer must equal the A or the B answer exactly (both computed first, after uninterrupted PUTs).
After each PUT returns, all three doors must already show the model just written (the index is swapped before
the PUT answers). Bounded: ``WRITES`` PUTs, ``READERS`` threads, at most ``BUDGET_S`` seconds.
"""

from __future__ import annotations

import threading
import time

import httpx
from conftest import bearer
from rdflib import Graph
from trust_models import MODEL_A, MODEL_B, REGION_09_GRAPH, TURTLE, canonical_lines, turtle_graph

WRITES = 8
READERS = 4
BUDGET_S = 30.0
COUNT_QUERY = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REGION_09_GRAPH}> {{ ?s ?p ?o }} }}"
MODELS = {"A": MODEL_A, "B": MODEL_B}
LINES = {name: canonical_lines(turtle_graph(body)) for name, body in MODELS.items()}


def read_model(client: httpx.Client, known: dict[bytes, frozenset[str]] | None = None) -> frozenset[str]:
    """The model's N-Triples lines; a body seen before (``known``) is not parsed again."""
    response = client.get("/regions/09/model", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    if known and response.content in known:
        return known[response.content]
    return canonical_lines(Graph().parse(data=response.content, format="nt"))


def read_services(client: httpx.Client) -> bytes:
    response = client.get("/regions/09/services")
    assert response.status_code == 200, response.text
    return response.content


def read_count(client: httpx.Client) -> int:
    response = client.get("/sparql", params={"query": COUNT_QUERY}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def put(client: httpx.Client, name: str) -> None:
    response = client.put("/regions/09/model", content=MODELS[name], headers={**TURTLE, **bearer()})
    assert response.status_code == 200, response.text


def test_readers_during_puts_see_the_old_or_the_new_model(writable_server: str):
    with httpx.Client(base_url=writable_server, timeout=60) as client:
        services: dict[str, bytes] = {}
        known: dict[bytes, frozenset[str]] = {}
        for name in MODELS:
            put(client, name)
            body = client.get("/regions/09/model", headers={"Accept": "application/n-triples"}).content
            known[body] = canonical_lines(Graph().parse(data=body, format="nt"))
            assert known[body] == LINES[name]
            assert read_count(client) == len(LINES[name])
            services[name] = read_services(client)
    assert services["A"] != services["B"] and LINES["A"] != LINES["B"]
    model_answers = set(LINES.values())
    count_answers = {len(lines) for lines in LINES.values()}

    writing_done = threading.Event()
    failures: list[str] = []
    reads = {"model": 0, "services": 0, "count": 0}
    reads_lock = threading.Lock()
    deadline = time.monotonic() + BUDGET_S

    def writer() -> None:
        try:
            with httpx.Client(base_url=writable_server, timeout=60) as client:
                for number in range(WRITES):
                    if time.monotonic() > deadline:
                        break
                    name = "A" if number % 2 == 0 else "B"
                    put(client, name)
                    # the PUT has returned: every door shows the new model now
                    assert read_model(client, known) == LINES[name], f"model after PUT {name}"
                    assert read_services(client) == services[name], f"services after PUT {name}"
                    assert read_count(client) == len(LINES[name]), f"/sparql count after PUT {name}"
        except AssertionError as error:
            failures.append(f"writer: {error}")
        finally:
            writing_done.set()

    def reader() -> None:
        with httpx.Client(base_url=writable_server, timeout=60) as client:
            while not writing_done.is_set() and time.monotonic() < deadline:
                try:
                    assert read_model(client, known) in model_answers, "a model that is neither A nor B"
                    assert read_services(client) in services.values(), "services that are neither A's nor B's"
                    assert read_count(client) in count_answers, "a triple count that is neither A's nor B's"
                except AssertionError as error:
                    failures.append(f"reader: {error}")
                    return
                with reads_lock:
                    for kind in reads:
                        reads[kind] += 1

    threads = [threading.Thread(target=writer, name="writer")]
    threads += [threading.Thread(target=reader, name=f"reader-{n}") for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BUDGET_S + 60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert min(reads.values()) >= READERS, f"the readers barely ran: {reads}"
