"""What changing a column's type does to its rows, as far as PostgreSQL's
casts are known here (compiler/ops/columns.py AlterColumnType reports it as
hazards), and which casts `ALTER COLUMN ... TYPE` must spell out."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import TypeRef


@dataclass(frozen=True)
class TypeChange:
    """What changing a column from one type to another does to the table and
    its values, as far as PostgreSQL's casts are known here.

    A change whose values all fit is safe. One where some values may not fit
    is either *checked* (PostgreSQL raises on such a row and the migration
    rolls back: text to integer, bigint to integer, text to varchar(n)),
    reported as `validates_rows`, or it may change values silently (rounded,
    reinterpreted), reported as `destructive`. Anything not known here is
    taken as destructive: it may change values without a word."""

    rewrites: bool  # the table (and its indexes) is rewritten
    narrowing: bool  # some values of the old type do not fit the new one
    lossy: bool  # some values are silently rounded or cut: the reverse cannot bring them back
    checked: bool = False  # a value that does not fit makes the statement fail; none is changed

    @property
    def destructive(self) -> bool:
        return self.lossy or (self.narrowing and not self.checked)

    @property
    def validates_rows(self) -> bool:
        return self.narrowing and not self.destructive


_INTEGERS = {"smallint": 5, "integer": 10, "bigint": 19}  # decimal digits each holds
_FLOAT_DIGITS = {"real": 6, "double precision": 15}  # integer digits represented exactly
_TEXT = {"text", "character varying"}
_PRECISION = {"timestamp without time zone", "timestamp with time zone", "time without time zone",
              "time with time zone", "interval"}
_SAFE = TypeChange(rewrites=True, narrowing=False, lossy=False)
_FREE = TypeChange(rewrites=False, narrowing=False, lossy=False)
_UNKNOWN = TypeChange(rewrites=True, narrowing=True, lossy=False)
_CHECKED = TypeChange(rewrites=True, narrowing=True, lossy=False, checked=True)
# types whose input function refuses a string it cannot read exactly (no rounding, no cutting)
_EXACT_FROM_STRING = {*_INTEGERS, "uuid"}


_STRINGS = _TEXT | {"character"}


def needs_explicit_cast(old: TypeRef, new: TypeRef) -> bool:
    """Whether PostgreSQL has no assignment cast from `old` to `new`, so that
    `ALTER COLUMN ... TYPE` needs `USING <column>::<new>`: a string read as
    another type (text to uuid, integer, jsonb or an enum: conversions from
    strings through the type's input function are explicit only), and
    boolean to or from an integer type."""
    if old == new or old.array_dims != new.array_dims:
        return False

    def string(t: TypeRef) -> bool:
        return t.kind == "builtin" and t.name in _STRINGS

    if string(old) and not string(new):
        return True
    if casts_through_text(old, new):
        return True
    names = {old.name, new.name}
    return old.kind == new.kind == "builtin" and "boolean" in names and bool(names & _INTEGERS.keys())


def casts_through_text(old: TypeRef, new: TypeRef) -> bool:
    """Whether PostgreSQL has no cast at all from `old` to `new`, but both
    read and write text: an enum to another enum (same labels or not), an
    enum to or from a type other than a string. The values go through
    `::text` (`USING <column>::text::<new>`); a value the new type does not
    accept makes the statement fail."""
    if old == new or old.array_dims != new.array_dims:
        return False
    if old.kind != "enum" and new.kind != "enum":
        return False
    return not any(t.kind == "builtin" and t.name in _STRINGS for t in (old, new))


def type_change(old: TypeRef, new: TypeRef) -> TypeChange:
    if old == new:
        return _FREE
    if old.array_dims != new.array_dims:
        return _UNKNOWN
    if new.kind == "builtin" and new.name in _TEXT and not new.modifiers and old.name not in _TEXT:
        return _SAFE  # any value is written as text by its type's output function, and kept whole
    if old.kind != "builtin" or new.kind != "builtin":
        return _to_or_from_other(old, new)
    a, b = old.name, new.name
    if a in _TEXT and b in _TEXT:
        old_len = old.modifiers[0] if old.modifiers else None
        new_len = new.modifiers[0] if new.modifiers else None
        if new_len is None or (old_len is not None and new_len >= old_len):
            return _FREE  # binary coercible: no rewrite
        return _CHECKED  # too long values fail, never cut
    if a in _STRINGS and (b in _EXACT_FROM_STRING or (b == "numeric" and not new.modifiers)):
        return _CHECKED  # a string the new type cannot read exactly fails
    if a in _INTEGERS and b in _INTEGERS:
        return _SAFE if _INTEGERS[b] >= _INTEGERS[a] else _CHECKED  # out of range fails
    if a in _INTEGERS and b == "numeric":
        if not new.modifiers:
            return _SAFE
        precision, scale = new.modifiers[0], (new.modifiers[1] if len(new.modifiers) > 1 else 0)
        return _SAFE if precision - scale >= _INTEGERS[a] else _CHECKED  # numeric field overflow
    if a in _INTEGERS and b in _FLOAT_DIGITS:
        return _SAFE if _FLOAT_DIGITS[b] >= _INTEGERS[a] else TypeChange(True, True, True)
    if a == "real" and b == "double precision":
        return _SAFE
    if (a in _FLOAT_DIGITS or a == "numeric") and b in _INTEGERS:
        return TypeChange(rewrites=True, narrowing=True, lossy=True)  # fractions are rounded
    if a == "numeric" and b == "numeric":
        return _numeric_change(old.modifiers, new.modifiers)
    if (a in _FLOAT_DIGITS or a == "numeric") and (b in _FLOAT_DIGITS or b == "numeric"):
        return TypeChange(rewrites=True, narrowing=True, lossy=True)  # binary and decimal fractions differ
    if a == b and a in _PRECISION:
        old_p = old.modifiers[0] if old.modifiers else None
        new_p = new.modifiers[0] if new.modifiers else None
        if new_p is None or (old_p is not None and new_p >= old_p):
            return _FREE
        return TypeChange(rewrites=True, narrowing=True, lossy=True)  # fractional seconds are rounded
    if {a, b} == {"timestamp without time zone", "timestamp with time zone"}:
        return _UNKNOWN  # reinterpreted in the session's time zone: the instants change without a word
    return _UNKNOWN


def _to_or_from_other(old: TypeRef, new: TypeRef) -> TypeChange:
    """A change where one side is not a built-in type: a string, or another
    enum, to an enum is checked (a value that is not a label fails)."""
    if new.kind == "enum" and (old.kind == "enum" or (old.kind == "builtin" and old.name in _STRINGS)):
        return _CHECKED
    return _UNKNOWN


def _numeric_change(old: tuple[int, ...], new: tuple[int, ...]) -> TypeChange:
    if not new:
        return _FREE
    new_scale = new[1] if len(new) > 1 else 0
    if not old:
        return TypeChange(rewrites=True, narrowing=True, lossy=True)  # any scale is rounded to the new one
    old_scale = old[1] if len(old) > 1 else 0
    lossy = new_scale < old_scale
    narrowing = lossy or new[0] - new_scale < old[0] - old_scale
    if new_scale == old_scale and not narrowing:
        return _FREE  # only the precision grows: no rewrite
    return TypeChange(rewrites=True, narrowing=narrowing, lossy=lossy, checked=not lossy)  # overflow fails
