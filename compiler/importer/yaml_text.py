"""Spec documents as YAML text, the way examples/pagila/specs/pagila.yaml
is written: block style for sections, flow style (`{type: text, nullable:
false}`, `[a, b]`) for a mapping or list of scalars that fits on its line,
literal blocks (`|`) for texts of several lines, quotes only where YAML
would read a text as something else (`"true"`, `"3"`, `"a: b"`), a blank
line between entries written over several lines. Deterministic: the same
documents give the same bytes.

A small emitter of its own rather than PyYAML's: the documents are plain
dicts, lists and scalars, and an import of a thousand tables must not wait
on a pure-Python emitter measuring each mapping twice."""

from __future__ import annotations

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

WIDTH = 118  # a flow collection that would end past this column is written in block style
SCHEMA_LINE = "# yaml-language-server: $schema={path}\n"

_RESOLVER = Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_SPECIAL = set(",[]{}?:#")


def _printable(ch: str) -> bool:
    """YAML's printable characters, which need no escape (tab aside; NEL, U+2028 and U+2029 are line breaks to YAML)."""
    code = ord(ch)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000) and code not in (0x2028, 0x2029, 0xFEFF)


def _plain(text: str, flow: bool) -> bool:
    """Whether `text` may be written without quotes and read back as this text."""
    if not text or text[0] in _INDICATORS or text[-1] in " :" or text != text.strip():
        return False
    if ": " in text or " #" in text or (flow and any(ch in _FLOW_SPECIAL for ch in text)):
        return False
    if not all(_printable(ch) for ch in text):
        return False
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _printable(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def scalar(value, flow: bool = False) -> str:
    """One scalar on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _plain(text, flow):
        return text
    if "'" in text or "\n" in text or "\t" in text or not all(_printable(ch) for ch in text):
        return _double_quoted(text)
    return "'" + text + "'"


def _literal(text) -> bool:
    """A text of several lines that a literal block keeps exactly."""
    return (isinstance(text, str) and "\n" in text.rstrip("\n") and "\r" not in text
            and not text.endswith("\n\n")  # kept blank lines at the end would take the next blank line in
            and all(_printable(ch) or ch in "\n\t" for ch in text)
            and not any(line != line.rstrip(" \t") for line in text.split("\n")))


def _literal_lines(head: str, text: str, indent: int) -> list[str]:
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else ""
    indicator = "2" if text[:1] in (" ", "\n", "\t") else ""
    pad = " " * (indent + 2)
    lines = [f"{head}|{indicator}{chomp}"]
    lines += [pad + line if line else "" for line in body.split("\n")]
    return lines


def _flow(value) -> str | None:
    """The flow form of a collection of scalars (a mapping: scalars and
    lists of scalars), or None when it holds more."""
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) or _literal(v) for v in value):
            return None
        return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    parts = []
    for key, item in value.items():
        if isinstance(item, dict) or _literal(item):
            return None
        text = _flow(item) if isinstance(item, list) else scalar(item, flow=True)
        if text is None:
            return None
        parts.append(f"{scalar(key, flow=True)}: {text}")
    return "{" + ", ".join(parts) + "}"


def _entry(head: str, value, indent: int) -> list[str]:
    """The lines of `head` (`key: ` or `- `) followed by `value`."""
    if isinstance(value, (dict, list)):
        flow = _flow(value) if value else "{}" if isinstance(value, dict) else "[]"
        if flow is not None and len(head) + len(flow) <= WIDTH:
            return [head + flow]
        inner = _block(value, indent + 2)
        if head.endswith("- ") and isinstance(value, dict):
            return [head + inner[0].lstrip(" ")] + inner[1:]
        return [head.rstrip(" ")] + inner
    if _literal(value):
        return _literal_lines(head, value, indent)
    return [head + scalar(value)]


def _block(value, indent: int, spaced: bool = False) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    previous_long = False
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        head = f"{pad}- " if key is None else f"{pad}{scalar(key)}: "
        part = _entry(head, item, indent)
        long = len(part) > 1
        if spaced and lines and (long or previous_long):
            lines.append("")
        lines += part
        previous_long = long
    return lines


def dump(document: dict, schema_path: str | None = None) -> str:
    """The YAML text of one spec document (a plain dict)."""
    lines: list[str] = []
    previous_long = False
    for key, value in document.items():
        if isinstance(value, dict) and value and _flow_too_long(key, value):
            part = [f"{scalar(key)}:"] + _block(value, 2, spaced=True)
        else:
            part = _entry(f"{scalar(key)}: ", value, 0)
        long = len(part) > 1
        if lines and (long or previous_long):
            lines.append("")
        lines += part
        previous_long = long
    head = SCHEMA_LINE.format(path=schema_path) if schema_path else ""
    return head + "\n".join(lines) + "\n"


def _flow_too_long(key, value: dict) -> bool:
    flow = _flow(value)
    return flow is None or len(scalar(key)) + 2 + len(flow) > WIDTH
