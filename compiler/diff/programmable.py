"""Comparators for roles, functions, views, triggers, policies, RLS flags and grants."""

from __future__ import annotations

COMPARATORS: dict = {}
