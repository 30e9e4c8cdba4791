"""What a deploy prints while it runs: a line per migration and per step
with its time; on a terminal, the steps as one bar that redraws itself."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None, *, bar: bool | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stdout
        self.bar = self.stream.isatty() if bar is None else bar
        self.quiet = quiet
        self._step: tuple[int, int, str, float] | None = None
        self._drawn = False

    @property
    def shows_steps(self) -> bool:
        """Whether it shows each step (else a script may run as one batch)."""
        return not self.quiet

    def line(self, text: str) -> None:
        if self.quiet:
            return
        self._clear()
        print(text, file=self.stream, flush=True)

    def step(self, n: int, total: int, label: str) -> None:
        """Step `n` of `total` starts (the one before it has ended)."""
        self._finish_step()
        self._step = (n, total, label, time.monotonic())
        if self.bar and not self.quiet:
            width = 30
            filled = width * (n - 1) // max(total, 1)
            text = f"\r  [{'#' * filled}{'.' * (width - filled)}] {n}/{total} {label}"
            self.stream.write(text[:160].ljust(self._last_width if self._drawn else 0))
            self._last_width = len(text[:160])
            self.stream.flush()
            self._drawn = True

    def steps_done(self) -> None:
        self._finish_step()
        self._clear()

    def _finish_step(self) -> None:
        if self._step is None:
            return
        n, total, label, started = self._step
        self._step = None
        if not self.bar and not self.quiet:
            print(f"  {label} ({time.monotonic() - started:.2f} s)", file=self.stream, flush=True)

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * self._last_width + "\r")
            self.stream.flush()
            self._drawn = False

    _last_width = 0
