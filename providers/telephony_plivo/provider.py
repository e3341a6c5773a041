"""Plivo (REST API v1): settings, HTTP Basic authentication, and the resources it offers."""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Secret
from telephony_core.translate import Provider, Resource, Setting, basic_auth
from telephony_plivo.applications import PlivoApplications
from telephony_plivo.devices import PlivoDevices
from telephony_plivo.numbers import PlivoNumbers
from telephony_plivo.tenants import PlivoTenants

#: Why `client.access_rules` is not offered (docs/plivo.md, "Access rules").
NO_ACCESS_RULES = (
    "Plivo's SIP trunking IP access control lists (Zentrunk IPAccessControlList) are named "
    "lists of bare IP addresses with no id, name or prefix length of their own, so no one of "
    "them is an AccessRule, and no one address can be written without rewriting its whole list"
)


class PlivoProvider(Provider):
    """Plivo's REST API: `https://api.plivo.com/v1/Account/{auth_id}/...`, HTTP Basic with the
    Auth ID and Auth Token, JSON bodies."""

    name = "plivo"
    default_base_url = "https://api.plivo.com"
    settings = (
        Setting(name="auth_id", env="PLIVO_AUTH_ID", help="account Auth ID (MA... or SA...)"),
        Setting(name="auth_token", env="PLIVO_AUTH_TOKEN", secret=True, help="account Auth Token"),
    )
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {
        "devices": PlivoDevices,
        "tenants": PlivoTenants,
        "applications": PlivoApplications,
        "numbers": PlivoNumbers,
    }
    resources_not_offered: ClassVar[Mapping[str, str]] = {"access_rules": NO_ACCESS_RULES}

    def auth_headers(self) -> Mapping[str, str | Secret]:
        return basic_auth(self.setting("auth_id"), self.secret("auth_token"))
