"""SiPbx (NetSapiens API v2): settings, Bearer authentication, and the resources it offers."""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import ConfigurationError, Secret
from telephony_core.translate import Provider, Resource, Setting, bearer_auth
from telephony_sipbx.devices import SipbxDevices
from telephony_sipbx.numbers import NO_APPLICATIONS, SipbxNumbers

#: One DNS label; a server is one or more of them joined by dots.
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
MAX_HOST_NAME = 253


class SipbxProvider(Provider):
    """A SiPbx / NetSapiens API v2 server: `https://{server}/ns-api/v2`, `Bearer` token."""

    name = "sipbx"
    settings = (
        Setting(
            name="server",
            env="SIPBX_SERVER",
            required=False,  # not needed when base_url is given
            help="the PBX's host name, e.g. pbx.example.com",
        ),
        Setting(
            name="token",
            env="SIPBX_TOKEN",
            secret=True,
            help="API key (nss_/nsr_/nsd_/nsu_...) or OAuth access token",
        ),
    )
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {
        "devices": SipbxDevices,
        "numbers": SipbxNumbers,
    }
    resources_not_offered: ClassVar[Mapping[str, str]] = {"applications": NO_APPLICATIONS}

    def resolve_base_url(self) -> str:
        """An explicit `base_url` if given, else `https://{server}/ns-api/v2`."""
        base_url = self.config.get("base_url")
        if isinstance(base_url, str):
            return base_url
        server = self.setting("server")
        if not server:
            raise ConfigurationError(
                "sipbx needs server: pass server=... (the PBX's host name), or set the "
                "environment variable SIPBX_SERVER, or pass base_url=...",
                setting="server",
                env="SIPBX_SERVER",
                provider=self.name,
            )
        if len(server) > MAX_HOST_NAME or not _HOST_NAME.fullmatch(server):
            raise ConfigurationError(
                f"sipbx server must be a bare host name such as pbx.example.com (no scheme, "
                f"port, path or spaces), not {server!r}; pass base_url=... for any other API root",
                provider=self.name,
            )
        return f"https://{server}/ns-api/v2"

    def auth_headers(self) -> Mapping[str, str | Secret]:
        return bearer_auth(self.secret("token"))
