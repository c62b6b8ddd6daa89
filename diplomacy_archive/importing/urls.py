"""A page's address without its noise: session ids, language switches and tracking parameters.

The same article reached from a newsletter, a share button or another session has a different
address each time (``?utm_source=…``, ``;jsessionid=…``, ``&fbclid=…``); ``source.url`` keeps
the one address a reader would type, so that two imports of one article name one source.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# query parameters that never choose the article: tracking, sessions, the language of the
# site's menus (the article itself is the same text)
NOISE_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "spm",
    "jsessionid", "phpsessid", "sessionid", "sid", "aspsessionid", "cfid", "cftoken",
    "lang", "hl", "locale",
})
NOISE_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sessionid|sid)=[^/?#;]*", re.IGNORECASE)


def is_noise(name: str) -> bool:
    key = name.lower()
    return key in NOISE_PARAMETERS or key.startswith(NOISE_PREFIXES)


def clean_url(url: str) -> str:
    """``url`` without session ids in its path, noise parameters in its query, or a fragment;
    anything that is not an http(s) address is returned as it is (stripped of spaces)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket...
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    path = _PATH_SESSION.sub("", parts.path)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not is_noise(name)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)  # as written, if clean
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path or "/", query, ""))
