"""Secrets kept out of what schemac prints: the password of a connection
string (`--database-url`), in any message that might echo it, and the values
of `sensitive: true` columns."""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "***"
_URL_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/?#\s]*):(?P<password>[^@\s]*)@")
# `user:password@host` without a well-formed scheme (`bob:pw@host`, `postgresql:/bob:pw@host`)
_BARE_USERINFO = re.compile(r"(?P<scheme>(?<![\w:.+%-]))(?P<user>[\w.%+-]+):(?P<password>[^@\s/]+)@(?=[\w\[])")
_KEYWORD = re.compile(r"(?P<key>(?:password|passwd|pwd)\s*=\s*)(?P<value>'(?:[^'\\]|\\.)*'|[^\s&`'\"]*)",
                      re.IGNORECASE)
SHORTEST_MASKED_ANYWHERE = 3  # a shorter password is masked where it is written, not in every word


def url_passwords(url: str | None) -> list[str]:
    """The passwords written in a connection string, URL or key=value form,
    as written and decoded; whether or not the rest of it parses."""
    if not url:
        return []
    found = [m.group("password") for pattern in (_URL_USERINFO, _BARE_USERINFO)
             for m in pattern.finditer(url) if m.group("password")]
    for match in _KEYWORD.finditer(url):
        value = match.group("value")
        if value.startswith("'") and value.endswith("'") and len(value) >= 2:
            found.append(value)
            value = value[1:-1].replace("\\'", "'").replace("\\\\", "\\")
        if value:
            found.append(value)
    decoded = [unquote(p) for p in found]
    return sorted({p for p in found + decoded if p}, key=len, reverse=True)


def masked_url(url: str) -> str:
    """`url` (or a text holding connection strings) with its passwords written `***`."""
    for pattern in (_URL_USERINFO, _BARE_USERINFO):
        url = pattern.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:{MASK}@", url)
    return _KEYWORD.sub(lambda m: f"{m.group('key')}{MASK}", url)


def masked(text: str, url: str | None) -> str:
    """`text` with every password of `url` written `***`: the connection
    string itself wherever it appears, and the password on its own."""
    if not url:
        return text
    text = text.replace(url, masked_url(url))
    for password in url_passwords(url):
        if len(password) >= SHORTEST_MASKED_ANYWHERE:
            text = text.replace(password, MASK)
    return masked_url(text) if "pass" in text.lower() or "pwd" in text.lower() or "@" in text else text
