"""The settings a provider declares (`Setting`), and the checks of their values: the base
URL, header values, loopback hosts. Where values come from is `telephony_core.profiles`."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

import attrs

from telephony_core.errors import ConfigurationError
from telephony_core.translate.redaction import Redactor


@attrs.frozen(kw_only=True)
class Setting:
    """One setting a provider needs, e.g. `auth_token` from `VOBIZ_AUTH_TOKEN`."""

    name: str
    env: str
    secret: bool = False
    required: bool = True
    default: str | None = None
    help: str = ""
    #: A value of the setting's form that stands in for it where none is needed (a dry run
    #: without credentials), for a provider that checks the form; None: any text will do.
    stand_in: str | None = None


def check_base_url(provider: str, url: str) -> str:
    """Return `url` without a trailing slash if it is a valid https URL, or http on a
    loopback host; else a `ConfigurationError` (showing no user information)."""
    shown = Redactor().text(url)
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # a bad IPv6 literal or port raises here
        if host:
            check_host(host)
    except ValueError as exc:  # idna.IDNAError is a ValueError
        reason = Redactor(userinfo_secrets(url)).text(str(exc))
        raise ConfigurationError(
            f"{provider} base_url is not a valid URL ({reason}): {shown!r}", provider=provider
        ) from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigurationError(f"{provider} base_url must be an http(s) URL, not {shown!r}")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ConfigurationError(
            f"{provider} base_url must not contain spaces or control characters: {shown!r}"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{provider} base_url must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback(host):
        raise ConfigurationError(
            f"{provider} base_url must use https (plain http is only allowed on loopback): "
            f"{shown!r}"
        )
    return url.rstrip("/")


_IPV4_STYLE = re.compile(r"[0-9.]+")


def check_host(host: str) -> None:
    """Raise `ValueError` for a host name no HTTP client can address, as httpx reads them: an
    IPv4-style name that is no IPv4 address, or a name that is not IDNA either way (Unicode
    labels that do not encode, `xn--` labels that do not decode)."""
    import idna  # here: `import telephony_core` does without it

    if _IPV4_STYLE.fullmatch(host):
        ipaddress.IPv4Address(host)
    elif ":" in host:
        ipaddress.IPv6Address(host)
    elif not host.isascii():
        idna.encode(host.lower())
    elif host.lower().startswith("xn--"):
        idna.decode(host.lower())


def userinfo_secrets(url: str) -> frozenset[str]:
    """The credentials in a URL's user information (`https://user:password@host`), as
    written and percent-decoded, for masking: the password, and `user:password`."""
    netloc = re.split(r"[/?#]", url.partition("://")[2], maxsplit=1)[0]
    userinfo, at, _ = netloc.rpartition("@")
    if not at:
        return frozenset()
    _, _, password = userinfo.partition(":")
    return frozenset(v for v in (userinfo, unquote(userinfo), password, unquote(password)) if v)


_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")


def is_header_value(value: str) -> bool:
    """Whether `value` can be sent as an HTTP header value: printable ASCII and tabs."""
    return _HEADER_VALUE.fullmatch(value) is not None


def is_loopback(host: str) -> bool:
    """True for `localhost` and any loopback address (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
