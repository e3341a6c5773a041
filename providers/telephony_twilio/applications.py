"""Twilio Applications (TwiML apps: the webhook URLs a number's calls and messages go to) as
neutral applications.

`POST /2010-04-01/Accounts/{AccountSid}/Applications.json` creates one (every parameter is
optional; 201), `GET|POST|DELETE .../Applications/{AP...}.json` reads, updates (a partial
POST) and deletes it (204). The listing filters by `FriendlyName`, which `find` uses. An
account holds at most 1,000 applications (Twilio's error 21301 refuses the next). The
`answer_url` is Twilio's `VoiceUrl`, `hangup_url` its `StatusCallback`, `message_url` its
`SmsUrl` (see docs/twilio.md).
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Application, HttpMethod
from telephony_core.translate import FieldMap, Plan, Scope, WireField
from telephony_twilio import sids
from telephony_twilio.base import DATE_FIELDS, AccountMembers, blank_is_none

#: "It can be up to 64 characters long" (the Application resource's FriendlyName).
MAX_FRIENDLY_NAME = 64
_NO_DEFAULTS = (
    "a Twilio application is the default of nothing: route each number to it "
    "(numbers.update(id, application_id=...))"
)


def _url(neutral: str, wire: str, reply: str) -> WireField:
    return WireField(neutral, wire, reply=reply, from_wire=blank_is_none)


def _method(neutral: str, wire: str, reply: str) -> WireField:
    return WireField(neutral, wire, reply=reply, to_wire=lambda method: HttpMethod(method).value)


FIELDS = FieldMap(
    WireField("id", "Sid", reply="sid", update=False, create=False),
    WireField("tenant", "AccountSid", reply="account_sid", update=False, create=False),
    WireField("name", "FriendlyName", reply="friendly_name"),
    _url("answer_url", "VoiceUrl", "voice_url"),
    _method("answer_method", "VoiceMethod", "voice_method"),
    _url("fallback_url", "VoiceFallbackUrl", "voice_fallback_url"),
    _method("fallback_method", "VoiceFallbackMethod", "voice_fallback_method"),
    _url("hangup_url", "StatusCallback", "status_callback"),
    _method("hangup_method", "StatusCallbackMethod", "status_callback_method"),
    _url("message_url", "SmsUrl", "sms_url"),
    _method("message_method", "SmsMethod", "sms_method"),
    *DATE_FIELDS,
    ignore=("uri",),
)


class TwilioApplications(AccountMembers[Application]):
    """`client.applications` at Twilio (the Application API)."""

    model = Application
    fields = FIELDS
    items_key = "applications"
    member_prefix = sids.APPLICATION
    collection_path = "/Accounts/{account}/Applications.json"
    item_path = "/Accounts/{account}/Applications/{id}.json"
    natural_key = "name"
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"name": (1, MAX_FRIENDLY_NAME)}
    hints: ClassVar[Mapping[str, str]] = {
        "default_for_numbers": _NO_DEFAULTS,
        "default_for_devices": _NO_DEFAULTS,
    }
    #: Twilio's 400s name the parameter in their message, not in details.
    message_fields: ClassVar[Mapping[str, str]] = {
        "FriendlyName": "name",
        "VoiceUrl": "answer_url",
        "VoiceMethod": "answer_method",
        "VoiceFallbackUrl": "fallback_url",
        "VoiceFallbackMethod": "fallback_method",
        "StatusCallback": "hangup_url",
        "StatusCallbackMethod": "hangup_method",
        "SmsUrl": "message_url",
        "SmsMethod": "message_method",
    }

    def plan_find(self, key: Any, scope: Scope) -> Plan[Application | None]:
        """Twilio filters the listing by `FriendlyName`: only the matching ones are read."""
        by_name = (("FriendlyName", key),)
        return (
            yield from self.find_in(key, lambda cursor: self.listed(scope, cursor, None, by_name))
        )
