"""schemathesis against the app's own OpenAPI schema, in process (ASGI), on the embedded store.

Every operation of ``/openapi.json`` gets generated requests (bounded: ``MAX_EXAMPLES`` each, derandomised, no
deadline); writes carry a valid token so they get past authorisation to the parsers. Checks: no 5xx
(``not_a_server_error``: a fault of ours is a 500 ``internal``, so this is where bugs show), every status is one
the schema declares (``status_code_conformance``) and every response matches the schema (``response_schema_conformance``).
The app runs on its own in-memory embedded store, so nothing it might write reaches another test.
"""

from __future__ import annotations

import schemathesis
from conftest import WRITER_TOKEN
from hypothesis import HealthCheck, settings
from pydantic import SecretStr
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from trust_models import ROOT

from api.app import create_app
from sotekg.settings import Settings, StoreKind

MAX_EXAMPLES = 12


# The app opens its own in-memory embedded store at start (its lifespan): nothing here touches the shared one.
SETTINGS = Settings(
    root=ROOT,
    store=StoreKind.embedded,
    store_dir=None,
    endpoint=None,
    token=SecretStr(WRITER_TOKEN),
    tokens_file=None,
    history_dir=None,
    cors_origins=[],
    # the default limit of a request: the fuzzing checks contracts, not speed (an export of the shipped data with
    # the station register takes about 1 s alone, more beside other test workers; at 2 s it answered 504)
    query_timeout_s=10.0,
)
APP = create_app(SETTINGS)  # schemathesis runs its lifespan once, before the first call
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# RDF and SPARQL bodies are text: send generated strings as they are
schemathesis.serializer.alias(
    [
        "application/sparql-query",
        "text/turtle",
        "application/n-triples",
        "application/n-quads",
        "application/trig",
        "application/rdf+xml",
    ],
    "text/plain",
)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(case):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {WRITER_TOKEN}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            response_schema_conformance,
        ],
    )
