"""The Twilio sandbox's Applications API: each account's TwiML applications.

Every parameter of a create is optional; the methods default to POST, as the reference's
listing example shows. An account holds at most 1,000 applications (Twilio's error 21301).
The seeded application is the reference's example.
"""

from typing import Any
from urllib.parse import urlsplit

from telephony_core.sandbox import EmuRequest, EmuResponse, empty, json_response, route
from telephony_twilio import sids
from telephony_twilio.emulator_base import API, TwilioEmulatorBase, invalid, not_found

APPLICATIONS = API + "/Accounts/{account_sid}/Applications"
APPLICATION = APPLICATIONS + "/{sid}.json"
SEEDED_APPLICATION = sids.APPLICATION + "a" * 32
#: "Accounts can contain at most 1000 applications" (the Application resource), and the
#: error that refuses one more.
MAX_APPLICATIONS = 1000
APPLICATION_LIMIT = 21301
MAX_FRIENDLY_NAME = 64
METHODS = ("GET", "POST")
#: Form parameter -> reply key, for the URLs and methods of an application.
URLS = {
    "VoiceUrl": "voice_url",
    "VoiceFallbackUrl": "voice_fallback_url",
    "StatusCallback": "status_callback",
    "SmsUrl": "sms_url",
    "SmsFallbackUrl": "sms_fallback_url",
    "SmsStatusCallback": "sms_status_callback",
    "MessageStatusCallback": "message_status_callback",
}
METHOD_PARAMETERS = {
    "VoiceMethod": "voice_method",
    "VoiceFallbackMethod": "voice_fallback_method",
    "StatusCallbackMethod": "status_callback_method",
    "SmsMethod": "sms_method",
    "SmsFallbackMethod": "sms_fallback_method",
}
FLAGS = {
    "VoiceCallerIdLookup": "voice_caller_id_lookup",
    "PublicApplicationConnectEnabled": "public_application_connect_enabled",
}
_EXAMPLE = {  # the reference's fetch example
    "api_version": "2010-04-01",
    "date_created": "Mon, 22 Aug 2011 20:59:45 +0000",
    "date_updated": "Tue, 18 Aug 2015 16:48:57 +0000",
    "friendly_name": "Application Friendly Name",
    "message_status_callback": "http://www.example.com/sms-status-callback",
    "sms_fallback_method": "GET",
    "sms_fallback_url": "http://www.example.com/sms-fallback",
    "sms_method": "GET",
    "sms_status_callback": "http://www.example.com/sms-status-callback",
    "sms_url": "http://example.com",
    "status_callback": "http://example.com",
    "status_callback_method": "GET",
    "voice_caller_id_lookup": False,
    "voice_fallback_method": "GET",
    "voice_fallback_url": "http://www.example.com/voice-callback",
    "voice_method": "GET",
    "voice_url": "http://example.com",
    "public_application_connect_enabled": False,
}


def is_web_url(value: str) -> bool:
    """An absolute http or https URL with a host."""
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def checked_routing(form: dict[str, str]) -> dict[str, Any]:
    """The URLs, methods and flags of a form, as reply keys (an empty URL clears it); an
    invalid one is Twilio's 400."""
    values: dict[str, Any] = {}
    for parameter, key in URLS.items():
        if parameter in form:
            url = form[parameter]
            if url and not is_web_url(url):
                raise invalid(f"{parameter} must be an absolute http or https URL")
            values[key] = url or None
    for parameter, key in METHOD_PARAMETERS.items():
        if parameter in form:
            method = form[parameter].upper()
            if method not in METHODS:
                raise invalid(f"{parameter} must be GET or POST")
            values[key] = method
    for parameter, key in FLAGS.items():
        if parameter in form:
            if form[parameter].lower() not in ("true", "false"):
                raise invalid(f"{parameter} must be true or false")
            values[key] = form[parameter].lower() == "true"
    return values


def _check_name(form: dict[str, str]) -> None:
    name = form.get("FriendlyName")
    if name is not None and len(name) > MAX_FRIENDLY_NAME:
        raise invalid(f"FriendlyName must be at most {MAX_FRIENDLY_NAME} characters")


def application_uri(account_sid: str, sid: str) -> str:
    return f"{APPLICATIONS.format(account_sid=account_sid)}/{sid}.json"


class ApplicationsEmulator(TwilioEmulatorBase):
    """The applications of each account (`self.applications`: account SID -> SID -> record)."""

    def reset(self) -> None:
        super().reset()
        self.applications: dict[str, dict[str, dict[str, Any]]] = {}

    def seed_applications(self, account_sid: str) -> None:
        """The reference's example application, in `account_sid`."""
        self.applications.setdefault(account_sid, {})[SEEDED_APPLICATION] = {
            "sid": SEEDED_APPLICATION,
            **_EXAMPLE,
        }

    def applications_of(self, request: EmuRequest, account_sid: str) -> dict[str, dict[str, Any]]:
        """The applications of the path's account (Twilio's 404 for an unknown account)."""
        self.account(request, account_sid)
        return self.applications.setdefault(account_sid, {})

    def _application(self, request: EmuRequest, account_sid: str, sid: str) -> dict[str, Any]:
        record = self.applications_of(request, account_sid).get(sid)
        if record is None:
            raise not_found(request.path)
        return record

    @staticmethod
    def show_application(account_sid: str, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "account_sid": account_sid,
            **record,
            "uri": application_uri(account_sid, record["sid"]),
        }

    @route("GET", APPLICATIONS + ".json")
    def list_applications(self, request: EmuRequest, account_sid: str) -> EmuResponse:
        name = request.arg("FriendlyName")
        shown = [
            self.show_application(account_sid, record)
            for record in self.applications_of(request, account_sid).values()
            if name is None or record["friendly_name"] == name
        ]
        return self.page(request, "applications", shown, {"FriendlyName": name} if name else {})

    @route("POST", APPLICATIONS + ".json")
    def create_application(self, request: EmuRequest, account_sid: str) -> EmuResponse:
        applications = self.applications_of(request, account_sid)
        form = self.form(request)
        _check_name(form)
        routing = checked_routing(form)
        if len(applications) >= MAX_APPLICATIONS:
            raise invalid(
                "Cannot create application: application limit exceeded "
                f"(an account holds at most {MAX_APPLICATIONS})",
                APPLICATION_LIMIT,
            )
        now = self.now()
        record: dict[str, Any] = {
            "sid": self.new_sid(sids.APPLICATION),
            "api_version": form.get("ApiVersion") or "2010-04-01",
            "date_created": now,
            "date_updated": now,
            "friendly_name": form.get("FriendlyName"),
            **dict.fromkeys(URLS.values()),
            **dict.fromkeys(METHOD_PARAMETERS.values(), "POST"),
            **dict.fromkeys(FLAGS.values(), False),
            **routing,
        }
        applications[record["sid"]] = record
        return json_response(self.show_application(account_sid, record), 201)

    @route("GET", APPLICATION)
    def get_application(self, request: EmuRequest, account_sid: str, sid: str) -> EmuResponse:
        record = self._application(request, account_sid, sid)
        return json_response(self.show_application(account_sid, record))

    @route("POST", APPLICATION)
    def update_application(self, request: EmuRequest, account_sid: str, sid: str) -> EmuResponse:
        record = self._application(request, account_sid, sid)
        form = self.form(request)
        _check_name(form)
        changes = checked_routing(form)
        if "FriendlyName" in form:
            changes["friendly_name"] = form["FriendlyName"]
        if "ApiVersion" in form:
            changes["api_version"] = form["ApiVersion"]
        if changes:
            record.update(changes, date_updated=self.now())
        return json_response(self.show_application(account_sid, record))

    @route("DELETE", APPLICATION)
    def delete_application(self, request: EmuRequest, account_sid: str, sid: str) -> EmuResponse:
        self._application(request, account_sid, sid)
        del self.applications_of(request, account_sid)[sid]
        return empty(204)
