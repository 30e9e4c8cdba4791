"""Shared fixtures. Database tests run on a real PostgreSQL: the server at
SCHEMAC_TEST_DATABASE_URL when set, otherwise one embedded PostgreSQL 18
started once for the session. Each test gets a fresh database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.database.scratch import scratch_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def server_url():
    url = os.environ.get("SCHEMAC_TEST_DATABASE_URL")
    if url:
        yield url
        return
    from compiler.database.embedded import embedded_server
    with embedded_server() as embedded:
        yield embedded


@pytest.fixture
def database_url(server_url):
    with scratch_database(server_url, prefix="schemac_pytest") as url:
        yield url


@pytest.fixture
def conn(database_url):
    with connect(database_url) as connection:
        yield connection


DATABASE_FIXTURES = frozenset({"server_url", "database_url", "conn"})


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs a PostgreSQL server (directly or through a
    fixture) as `database`, so `pytest -m database` reruns exactly those on
    another server and `pytest -m 'not database'` needs no server at all."""
    for item in items:
        if DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)
