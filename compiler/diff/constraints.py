"""Comparators for constraints and indexes of tables that exist on both sides."""

from __future__ import annotations

COMPARATORS: dict = {}
