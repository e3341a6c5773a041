"""Twilio (REST API 2010-04-01): settings, HTTP Basic authentication, and the resources."""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import (
    AuthenticationError,
    ConfigurationError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Secret,
    ValidationError,
)
from telephony_core.translate import ErrorCodes, Provider, Resource, Setting, basic_auth
from telephony_twilio import sids
from telephony_twilio.access_rules import TwilioAccessRules
from telephony_twilio.applications import TwilioApplications
from telephony_twilio.devices import TwilioDevices
from telephony_twilio.numbers import TwilioNumbers
from telephony_twilio.tenants import TwilioTenants

#: The settings that name a Twilio object, and the kind of SID each must be.
_SID_SETTINGS = {
    "account_sid": sids.ACCOUNT,
    "api_key": sids.API_KEY,
    "credential_list": sids.CREDENTIAL_LIST,
    "ip_access_control_list": sids.IP_ACCESS_CONTROL_LIST,
}


class TwilioProvider(Provider):
    """Twilio's REST API: `https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/...`.

    HTTP Basic with the account SID and auth token, or with an API key SID and its secret
    (the account SID still names the account in every path). Requests are form-encoded with
    PascalCase keys, replies are JSON with snake_case keys.
    """

    name = "twilio"
    default_base_url = "https://api.twilio.com"
    settings = (
        Setting(
            name="account_sid",
            env="TWILIO_ACCOUNT_SID",
            help="Account SID (AC...), in every path",
            stand_in=sids.ACCOUNT + "0" * 32,
        ),
        Setting(
            name="auth_token",
            env="TWILIO_AUTH_TOKEN",
            secret=True,
            required=False,  # or api_key + api_secret
            help="the account's Auth Token (or use api_key and api_secret)",
        ),
        Setting(
            name="api_key",
            env="TWILIO_API_KEY",
            required=False,
            help="an API key SID (SK...), used with api_secret instead of the auth token",
        ),
        Setting(
            name="api_secret",
            env="TWILIO_API_SECRET",
            secret=True,
            required=False,
            help="the API key's secret",
        ),
        Setting(
            name="credential_list",
            env="TWILIO_CREDENTIAL_LIST_SID",
            required=False,
            help="the credential list (CL...) devices calls use when they pass no owner=",
        ),
        Setting(
            name="ip_access_control_list",
            env="TWILIO_IP_ACCESS_CONTROL_LIST_SID",
            required=False,
            help="the IP access control list (AL...) access_rules calls use when they pass no owner=",
        ),
    )
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {
        "devices": TwilioDevices,
        "access_rules": TwilioAccessRules,
        "tenants": TwilioTenants,
        "applications": TwilioApplications,
        "numbers": TwilioNumbers,
    }
    #: Twilio's error codes (https://www.twilio.com/docs/api/errors): 20003 Authenticate,
    #: 20404 not found, 20429 too many requests, 21474 only the main account moves numbers
    #: between its subaccounts, 21xxx invalid parameters of REST calls, 22108 an application
    #: SID that is not one of the account's.
    error_codes: ClassVar[ErrorCodes] = {
        20003: AuthenticationError,
        20404: NotFound,
        20429: RateLimited,
        21474: PermissionDenied,
        range(21000, 22000): ValidationError,
        22108: ValidationError,
    }

    def __init__(self, config: Mapping[str, str | Secret | None]) -> None:
        super().__init__(config)
        for name, prefix in _SID_SETTINGS.items():
            value = self.config.get(name)
            problem = None if value is None else sids.sid_problem(prefix, value)
            if problem is not None:
                raise ConfigurationError(
                    f"twilio setting {name} {problem} (environment variable {self._env(name)})",
                    setting=name,
                    env=self._env(name),
                    provider=self.name,
                )
        has_key = self.config.get("api_key") is not None
        if has_key != (self.config.get("api_secret") is not None):
            missing = "api_secret" if has_key else "api_key"
            raise ConfigurationError(
                "twilio needs api_key and api_secret together (TWILIO_API_KEY, "
                "TWILIO_API_SECRET), or neither and auth_token",
                setting=missing,
                env=self._env(missing),
                provider=self.name,
            )
        if not has_key and self.config.get("auth_token") is None:
            raise ConfigurationError(
                "twilio needs auth_token: pass auth_token=..., or set the environment variable "
                "TWILIO_AUTH_TOKEN (or use an API key: api_key=... and api_secret=..., "
                "TWILIO_API_KEY and TWILIO_API_SECRET)",
                setting="auth_token",
                env="TWILIO_AUTH_TOKEN",
                provider=self.name,
            )

    @classmethod
    def _env(cls, name: str) -> str:
        return next(s.env for s in cls.settings if s.name == name)

    def auth_headers(self) -> Mapping[str, str | Secret]:
        """HTTP Basic: `api_key:api_secret` when an API key is set, else
        `account_sid:auth_token`."""
        if self.config.get("api_key") is not None:
            return basic_auth(self.setting("api_key"), self.secret("api_secret"))
        return basic_auth(self.setting("account_sid"), self.secret("auth_token"))
