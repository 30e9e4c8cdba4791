"""The characters no name may hold, and how free text shows them.

Control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F) and the
Unicode line and paragraph separators (U+2028, U+2029) end a `--` comment
line (a line feed or carriage return does; psql runs a following `\\` line as
a meta-command), move a terminal's cursor, or hide what a name holds. Names
refuse them at validate (`compiler/spec/base.py`); the render layer escapes
them in comment lines (`compiler/render/sql.py` `comment_text`), and error
messages show them escaped.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def first_control(text: str) -> str | None:
    """The first control character of `text`, or None."""
    match = CONTROL.search(text)
    return match.group() if match else None


def escaped(text: str) -> str:
    """`text` with each control character written as an escape (`\\n`, `\\u2028`)."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def describe(char: str) -> str:
    """`U+000A (line feed)` for the error messages."""
    names = {"\n": "line feed", "\r": "carriage return", "\t": "tab", "\x1b": "escape", "\x7f": "delete",
             "\u2028": "line separator", "\u2029": "paragraph separator", "\x00": "NUL"}
    name = names.get(char)
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")
