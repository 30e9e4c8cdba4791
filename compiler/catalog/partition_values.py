"""Partition bound values as schemac reads them offline: what a value
written for a key column of a known type stands for (integers, numbers,
booleans, uuids, dates, timestamps, enum labels), how range bounds compare
(MINVALUE and MAXVALUE, local times next to times with an offset, values
whose order depends on a collation), and the bounds of a generated series.
A value schemac cannot read is UNKNOWN: left to PostgreSQL."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation

from compiler.catalog.objects import TypeRef
from compiler.catalog.offline_checks import INTEGER_TYPES

_INTEGER_RANGE = {"smallint": 2**15, "integer": 2**31, "bigint": 2**63}
_NUMERIC = ("numeric", "real", "double precision")
_BOOLEANS = {"t": True, "true": True, "y": True, "yes": True, "on": True, "1": True,
             "f": False, "false": False, "n": False, "no": False, "off": False, "0": False}
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")
_TIMESTAMPS = ("timestamp without time zone", "timestamp with time zone")
SERIES_TYPES = ("date",) + _TIMESTAMPS
UNKNOWN = object()  # a value whose order schemac cannot tell
LOCAL = "local time"  # (LOCAL, naive datetime): a timestamptz value without an offset


class BadValue(ValueError):
    """A bound value the key's type cannot take."""


def value_of(text: str, t: TypeRef | None, enum_labels: list[str] | None):
    """The value `text` stands for in a column of type `t`, comparable with
    others of that type; UNKNOWN when schemac cannot tell; BadValue when
    PostgreSQL would refuse it."""
    if t is None or t.array_dims:
        return UNKNOWN
    if t.kind == "enum":
        if enum_labels is not None and text not in enum_labels:
            raise BadValue(f"`{text}` is not a value of enum {t.name}; its values: {', '.join(enum_labels)}")
        return (enum_labels or []).index(text) if enum_labels and text in enum_labels else UNKNOWN
    if t.kind != "builtin":
        return UNKNOWN
    name = t.name
    if name in INTEGER_TYPES:
        try:
            value = int(text.strip().replace("_", ""), 0) if text.strip() else None
        except ValueError:
            value = None
        if value is None:
            raise BadValue(f"`{text}` is not a valid {name}")
        limit = _INTEGER_RANGE[name]
        if not -limit <= value < limit:
            raise BadValue(f"{text} is out of range for type {name}")
        return value
    if name in _NUMERIC:
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise BadValue(f"`{text}` is not a valid {name}") from None
        return value if value.is_finite() else UNKNOWN
    if name == "boolean":
        if text.strip().lower() not in _BOOLEANS:
            raise BadValue(f"`{text}` is not a valid boolean")
        return _BOOLEANS[text.strip().lower()]
    if name == "uuid":
        try:
            return uuid.UUID(text.strip())
        except ValueError:
            raise BadValue(f"`{text}` is not a valid uuid") from None
    if name == "date" or name in _TIMESTAMPS:
        if not _ISO_DATE.match(text):
            return UNKNOWN  # PostgreSQL reads many other forms (and `infinity`): left to it
        try:
            value = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise BadValue(f"`{text}` is not a valid {name}") from None
        if name == "date":
            return value.date() if value.time() == dt.time() and value.tzinfo is None else UNKNOWN
        if name == "timestamp without time zone":
            return value.replace(tzinfo=None)
        # a zone-less text is read in the session's TimeZone: it orders only among others like it
        return value if value.tzinfo is not None else (LOCAL, value)
    if name == "character":  # blank-padded: trailing spaces do not count
        return ("text", text.rstrip(" "))
    if name in ("text", "character varying", "name"):
        return ("text", text)  # equal texts are equal; their order depends on the collation: not compared
    return UNKNOWN


def ordered(value) -> bool:
    return value is not UNKNOWN and not (isinstance(value, tuple) and value[:1] == ("text",))


def written(side, datums) -> tuple:
    """A range bound as a key to compare for equality: each value as schemac
    reads it, or as written when it cannot (nothing after MINVALUE/MAXVALUE
    counts)."""
    out = []
    for (rank, value), datum in zip(side, datums):
        if rank != 0:
            out.append((rank,))
            break
        out.append((0, ("as written", datum.value) if value is UNKNOWN else value))
    return tuple(out)


def is_local(value) -> bool:
    return isinstance(value, tuple) and value[:1] == (LOCAL,)


def local_times(bounded: list) -> list:
    """Ranges with timestamptz values written without an offset (read in one
    session TimeZone) order among themselves; next to values written with an
    offset their order is unknown."""
    every = [v for _, _, sides in bounded for side in sides for _, v in side]
    if not any(map(is_local, every)) or not any(isinstance(v, dt.datetime) for v in every):
        return bounded
    return [(t, o, tuple(tuple((rank, UNKNOWN if is_local(v) else v) for rank, v in side) for side in sides))
            for t, o, sides in bounded]


def comparable(a, b) -> bool:
    """Whether two range bounds hold no local time where the other holds a
    time with an offset."""
    return all(r1 != 0 or r2 != 0 or is_local(v1) == is_local(v2) for (r1, v1), (r2, v2) in zip(a, b))


def orderable_bound(side) -> bool:
    return all(rank != 0 or ordered(value) for rank, value in side)


def bound_sort_key(side) -> tuple:
    """A range bound as a sortable tuple (MINVALUE below and MAXVALUE above
    every value; what follows either is not compared)."""
    out = []
    for rank, value in side:
        out.append((rank, value if rank == 0 else 0))
        if rank != 0:
            break
    return tuple(out)


def next_day(day: dt.date, every: str) -> dt.date:
    if every == "day":
        return day + dt.timedelta(days=1)
    if every == "week":
        return day + dt.timedelta(days=7)
    if every == "month":
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    else:
        year, month = day.year + 1, day.month
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def bound_text(day: dt.date, t: TypeRef) -> str:
    """A generated bound: the date, at midnight UTC for timestamptz (so it is
    the same instant whatever the session's TimeZone)."""
    if t.name == "timestamp with time zone":
        return f"{day.isoformat()} 00:00:00+00"
    if t.name == "timestamp without time zone":
        return f"{day.isoformat()} 00:00:00"
    return day.isoformat()
