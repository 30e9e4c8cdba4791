"""Where a migration script's own COMMIT is, found without PostgreSQL's
parser (pglast takes ~30 ms to import, a good part of what `schemac apply`
costs on a small migration).

The script is read token by token as PostgreSQL's scanner reads it: quoted
text ('...', E'...', "..."), dollar quotes, comments (nested /* */ too), and
parentheses, so a COMMIT inside a function body, text or comment is not
taken for it; the COMMIT is the first statement made of the one word COMMIT.
A script this reading cannot vouch for (a backslash anywhere, whose meaning
depends on settings and psql; BEGIN ATOMIC bodies; unterminated quotes or
comments; unbalanced parentheses) is undecided: the caller asks the parser.
"""

from __future__ import annotations

import re

# Identifier characters as PostgreSQL's scanner has them, each class written as the ASCII
# characters it leaves out: a class spanning \u0080-\U0010ffff takes Python's `re` several
# milliseconds to compile, each time `schemac apply` starts (tests/test_commit_cut.py holds each
# equal to its plain form, for every character).
TAG_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z_\u0080-\U0010ffff]
TAG_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z0-9_\u0080-\U0010ffff]
IDENT_CHAR = r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z0-9_$\u0080-\U0010ffff]
# where reading changes state: quotes, dollar quotes, comments, statement ends, parentheses
# (with no backslash in the script, E'...' ends where '...' does)
_SPOT = re.compile(r"""'|"|\$(?:""" + TAG_START + TAG_CHAR + r"""*)?\$|--|/\*|;|\(|\)""")
_IDENT_CHAR = re.compile(IDENT_CHAR)
_COMMENT_EDGE = re.compile(r"/\*|\*/")
_ATOMIC = re.compile(r"\batomic\b", re.IGNORECASE)
_ONLY_COMMIT = re.compile(r"\s*(commit)\s*", re.IGNORECASE)


class Undecided(Exception):
    """The script holds what this reading does not vouch for."""


def find_commit(script: str) -> tuple[int, int] | None:
    """(start, stop) of the word of the script's first COMMIT statement, as
    PostgreSQL's parser places it (pglast's statement slice); None when
    there is none. Raises Undecided (see the module's docstring)."""
    if "\\" in script:
        raise Undecided("a backslash")
    if _ATOMIC.search(script):
        raise Undecided("ATOMIC, maybe a BEGIN ATOMIC body")
    depth = 0
    plain: list[tuple[int, int]] = []  # the current statement's text between quotes and comments
    quoted = False  # whether the current statement has quoted text or parentheses
    pos = start = 0
    while True:
        spot = _SPOT.search(script, pos)
        if spot is None:
            break
        at, kind = spot.start(), spot.group()
        if kind.startswith("$") and at and _IDENT_CHAR.match(script, at - 1):
            if script[at - 1].isdigit():
                raise Undecided("a `$` after a digit")  # $1$...: a parameter, or a number's trailing junk
            pos = at + 1  # a `$` inside an identifier (a$b$c)
            continue
        plain.append((start, at))
        if kind == "--":
            newline = script.find("\n", at)
            pos = len(script) if newline < 0 else newline
        elif kind == "/*":
            pos = _comment_end(script, spot.end())
        elif kind == ";" and depth == 0:
            found = _only_commit(script, plain, quoted)
            if found is not None:
                return found
            plain, quoted, pos = [], False, spot.end()
        else:
            quoted = True
            if kind == "'" or kind == '"':
                pos = _quoted_end(script, spot.end(), kind)
            elif kind.startswith("$"):
                close = script.find(kind, spot.end())
                if close < 0:
                    raise Undecided("an unterminated dollar quote")
                pos = close + len(kind)
            elif kind == "(":
                depth += 1
                pos = spot.end()
            elif kind == ")":
                depth -= 1
                if depth < 0:
                    raise Undecided("unbalanced parentheses")
                pos = spot.end()
            else:  # `;` inside parentheses (CREATE RULE ... DO (a; b))
                pos = spot.end()
        start = pos
    if depth:
        raise Undecided("unbalanced parentheses")
    plain.append((start, len(script)))
    return _only_commit(script, plain, quoted)


def _only_commit(script: str, plain: list[tuple[int, int]], quoted: bool) -> tuple[int, int] | None:
    """Where the word COMMIT is when it is all the statement holds (besides
    comments before it: the parser's slice of `COMMIT /* x */` holds the
    comment, and is not taken for the COMMIT)."""
    if quoted:
        return None
    words = [(a, b) for a, b in plain if not script[a:b].isspace() and a < b]
    if len(words) != 1 or words[0] != plain[-1]:
        return None
    match = _ONLY_COMMIT.fullmatch(script, *words[0])
    return match.span(1) if match else None


def _quoted_end(script: str, pos: int, quote: str) -> int:
    """Past the closing quote of text opened before `pos` (a doubled quote stays inside)."""
    while True:
        close = script.find(quote, pos)
        if close < 0:
            raise Undecided("an unterminated quote")
        if script.startswith(quote, close + 1):
            pos = close + 2
            continue
        return close + 1


def _comment_end(script: str, pos: int) -> int:
    """Past the end of a /* comment opened before `pos` (they nest)."""
    depth = 1
    while depth:
        edge = _COMMENT_EDGE.search(script, pos)
        if edge is None:
            raise Undecided("an unterminated comment")
        depth += 1 if edge.group() == "/*" else -1
        pos = edge.end()
    return pos
