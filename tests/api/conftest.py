"""Fixtures of the resource API tests. Every test runs on both stores (the ``store`` fixture of tests/conftest.py).

- ``client``: one app per test module and store, for reading (the lookup index is built once per module).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from sotekg.store import Store


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store.settings, store=store)) as test_client:
        yield test_client
