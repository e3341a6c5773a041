"""Telnyx (API v2): settings, Bearer authentication, error codes, and the resources."""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import (
    AuthenticationError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Secret,
)
from telephony_core.translate import ErrorCodes, Provider, Resource, Setting, bearer_auth
from telephony_telnyx.access_rules import OWNER_SETTING, TelnyxAccessRules
from telephony_telnyx.applications import TelnyxApplications
from telephony_telnyx.base import API
from telephony_telnyx.devices import TelnyxDevices
from telephony_telnyx.numbers import TelnyxNumbers
from telephony_telnyx.tenants import TelnyxTenants


class TelnyxProvider(Provider):
    """Telnyx's API v2: `https://api.telnyx.com/v2/...`, an API key as `Authorization: Bearer`,
    JSON bodies, JSON:API-style replies (`data`, `meta`) and error lists (`errors`).
    """

    name = "telnyx"
    default_base_url = "https://api.telnyx.com"
    settings = (
        Setting(
            name="api_key",
            env="TELNYX_API_KEY",
            secret=True,
            help="API key (KEY...), sent as Authorization: Bearer",
        ),
        Setting(
            name=OWNER_SETTING,
            env="TELNYX_IP_CONNECTION_ID",
            required=False,
            help="the IP connection access_rules calls use when they pass no owner=",
        ),
    )
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {
        "devices": TelnyxDevices,
        "access_rules": TelnyxAccessRules,
        "tenants": TelnyxTenants,
        "applications": TelnyxApplications,
        "numbers": TelnyxNumbers,
    }
    #: Telnyx's reply keys that hold secrets besides those every vendor's do (`api_key`,
    #: `password`): a managed account's V1 API token, and a number's port-out PIN.
    secret_fields = frozenset({"api_token", "external_pin"})
    #: Telnyx's general error codes (https://developers.telnyx.com/development/api-fundamentals/api-errors):
    #: 10005 resource not found, 10009 authentication failed, 10010 authorization failed,
    #: 10011 too many requests.
    error_codes: ClassVar[ErrorCodes] = {
        10005: NotFound,
        10009: AuthenticationError,
        10010: PermissionDenied,
        10011: RateLimited,
    }
    #: "x-ratelimit-reset: shows the time in seconds until the rate limit resets"
    #: (https://developers.telnyx.com/development/api-fundamentals/reliability/rate-limiting).
    rate_limit_reset_header = "x-ratelimit-reset"

    def resolve_base_url(self) -> str:
        """The API root, without the `/v2` of the paths: a `base_url` written as Telnyx's SDK
        writes it (`https://api.telnyx.com/v2`, its `TELNYX_BASE_URL`) is read the same."""
        return super().resolve_base_url().rstrip("/").removesuffix(API)

    def auth_headers(self) -> Mapping[str, str | Secret]:
        """`Authorization: Bearer <api_key>`."""
        return bearer_auth(self.secret("api_key"))
