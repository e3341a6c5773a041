"""Vobiz: settings, authentication, and the resources it offers."""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Secret
from telephony_core.translate import Provider, Resource, Setting
from telephony_vobiz.access_rules import VobizAccessRules
from telephony_vobiz.applications import VobizApplications
from telephony_vobiz.devices import VobizDevices
from telephony_vobiz.numbers import VobizNumbers
from telephony_vobiz.tenants import VobizTenants


class VobizProvider(Provider):
    """Vobiz REST API: `X-Auth-ID` / `X-Auth-Token` headers, JSON bodies."""

    name = "vobiz"
    default_base_url = "https://api.vobiz.ai"
    settings = (
        Setting(name="auth_id", env="VOBIZ_AUTH_ID", help="account Auth ID (MA_...)"),
        Setting(name="auth_token", env="VOBIZ_AUTH_TOKEN", secret=True, help="account Auth Token"),
    )
    secret_headers = frozenset({"X-Auth-Token"})
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {
        "devices": VobizDevices,
        "access_rules": VobizAccessRules,
        "tenants": VobizTenants,
        "applications": VobizApplications,
        "numbers": VobizNumbers,
    }

    def auth_headers(self) -> Mapping[str, str | Secret]:
        return {"X-Auth-ID": self.setting("auth_id"), "X-Auth-Token": self.secret("auth_token")}
