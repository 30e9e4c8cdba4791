"""A writer on a second connection, for the tests that show an online
migration lets writes go on: it writes in a loop while the migration runs,
each statement in a short transaction of its own (autocommit) with
`lock_timeout = '500ms'`, so a lock held longer than that makes it fail
(and the test can fail)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg

LOCK_TIMEOUT = "500ms"

# one round of writing: (connection, round number) -> the key of the row it inserted
Round = Callable[[psycopg.Connection, int], object]


class LoopingWriter(threading.Thread):
    """Runs `write` round after round until `stop` is set: the keys it
    inserted in `inserted`, the errors it met (a lock it waited for too long
    among them) in `failures`; a failed round does not stop the loop."""

    def __init__(self, database_url: str, write: Round) -> None:
        super().__init__(daemon=True)
        self.url, self.write = database_url, write
        self.stop, self.failures, self.inserted = threading.Event(), [], []

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            n = 0
            while not self.stop.is_set():
                n += 1
                try:
                    self.inserted.append(self.write(conn, n))
                except psycopg.Error as exc:
                    self.failures.append(f"{type(exc).__name__}: {exc}")


def beside_writer(database_url: str, write: Round, action: Callable[[], object],
                  settle: float = 0.0) -> tuple[LoopingWriter, int]:
    """Runs `action` while a LoopingWriter writes (started 20 rounds before,
    stopped `settle` seconds after): the writer, and how many rows it
    inserted while `action` ran."""
    writer = LoopingWriter(database_url, write)
    writer.start()
    try:
        while len(writer.inserted) < 20 and not writer.failures:
            time.sleep(0.01)
        started = len(writer.inserted)
        action()
        ended = len(writer.inserted)
        time.sleep(settle)
    finally:
        writer.stop.set()
        writer.join(10)
    return writer, ended - started
