"""One writer at a time in generated/: `schemac generate` holds a lock.

The lock is `generated/.schemac.lock`, a file holding the holder's pid and
host (JSON), locked with `flock`: the kernel releases it when its holder
ends, even by `kill -9`, so a lock file left behind by a dead process is
stale and the next writer takes it over (and says so). A second writer while
the holder lives is refused with an error naming it. The lock file is not
part of generated/ (schemac.sum and `schemac check` ignore it) and is
removed when the writer finishes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from pathlib import Path
from typing import Callable, Iterator

LOCK_FILE = ".schemac.lock"


class GeneratedLocked(Exception):
    """Another schemac writes generated/ right now."""


def _holder(text: str) -> str:
    try:
        data = json.loads(text)
        return f"pid {int(data['pid'])} on host {data['host']}"
    except (ValueError, KeyError, TypeError):
        return "an unknown process"


@contextlib.contextmanager
def generated_lock(generated: Path, say: Callable[[str], None] = lambda text: None) -> Iterator[None]:
    """Hold the lock of `generated` (created when missing, and removed again
    if it stays empty). Raises GeneratedLocked when another process holds it."""
    created = not generated.exists()
    generated.mkdir(parents=True, exist_ok=True)
    path = generated / LOCK_FILE
    host = socket.gethostname()
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = _read(fd)
            os.close(fd)
            raise GeneratedLocked(
                f"generated/ is being written by another schemac ({_holder(text)}; lock file {path}): "
                "wait for it to finish, then run this command again") from None
        # the file may have been removed by its previous holder between our open and our lock: lock the
        # file that is at the path, not an unlinked one
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        previous = _read(fd)
        if previous.strip():
            stale = _stale(previous, host)
            if stale is not None:
                os.close(fd)
                raise GeneratedLocked(stale)
            say(f"schemac: taking over a stale lock on generated/ ({_holder(previous)} has ended)")
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps({"pid": os.getpid(), "host": host}) + "\n").encode(), 0)
        os.fsync(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)  # releases the flock, after the unlink: a waiting writer then sees the file gone
        if created:
            with contextlib.suppress(OSError):
                generated.rmdir()  # only when empty: nothing was written


def _stale(text: str, host: str) -> str | None:
    """None when the lock file left behind may be taken over; else why not.
    We hold the flock, so its holder on this host has ended (the kernel
    releases a dead process's lock, even after `kill -9`). A holder on
    another host (a shared network folder, where locks may not be shared)
    cannot be checked from here, so it is not taken over."""
    try:
        data = json.loads(text)
        pid, other = int(data["pid"]), str(data["host"])
    except (ValueError, KeyError, TypeError):
        return None
    if other != host:
        return (f"generated/ holds a lock of pid {pid} on host {other}, which cannot be checked from here: "
                f"if no schemac runs there, remove generated/{LOCK_FILE} and run this command again")
    return None


def _read(fd: int) -> str:
    try:
        return os.pread(fd, 4096, 0).decode("utf-8", "replace")
    except OSError:
        return ""
