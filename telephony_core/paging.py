"""Following a vendor's link to the next page of a listing, without letting it lead elsewhere.

Vendors that page with links (Twilio's `next_page_uri`, Plivo-style `meta.next`) answer each
page with the path and query of the next one. A plan sends that query to the path it listed,
and only if the link names that same path: a link to another host or path is a malformed
reply, never a request to wherever it points.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

#: A next-page cursor: the query of the next page's link, as pairs.
PageQuery = tuple[tuple[str, str], ...]


def next_page_query(link: object, *, base_url: str, path: str) -> PageQuery | None:
    """The query of `link`, the vendor's link to the next page of the listing at `path`.

    `link` is relative to the API root (`/2010-04-01/...?Page=1`) or an absolute URL under
    `base_url`; None or an empty string means the listing ends (None is returned). A link
    that is not a string, leaves `base_url`, or names another path is a `ValueError`.
    """
    if link is None or link == "":
        return None
    if not isinstance(link, str):
        raise ValueError("the next page link is not a string")
    relative = link.removeprefix(base_url) if "://" in link else link
    if "://" in relative or not relative.startswith("/"):
        raise ValueError(f"the next page link leaves the API root: {link!r}")
    parts = urlsplit(relative)
    if parts.netloc:
        raise ValueError(f"the next page link leaves the API root: {link!r}")
    if unquote(parts.path) != unquote(path) or parts.fragment:
        raise ValueError(f"the next page link names another listing: {link!r}")
    return tuple(parse_qsl(parts.query, keep_blank_values=True))
