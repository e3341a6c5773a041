"""Telnyx TeXML applications (the webhook bundle that answers a number's calls) as neutral
applications: `/v2/texml_applications`.

A TeXML application has a `voice_url` (called with `voice_method`, `get` or `post`), a
`voice_fallback_url`, and a `status_callback` (with `status_callback_method`): the neutral
answer, fallback and hangup URLs. It has no method of its own for the fallback URL and no
messaging URL (messages are a messaging profile's, not an application's). Both the create and
the PATCH require `friendly_name` and `voice_url` (`CreateTexmlApplicationRequest`,
`UpdateTexmlApplicationRequest`): an update that changes neither resends them, read first.
"""

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Application, HttpMethod, ProviderError
from telephony_core.translate import (
    FieldMap,
    Plan,
    Scope,
    WireField,
    WireRequest,
    WireResponse,
    changeable_fields,
)
from telephony_telnyx.base import (
    BOOLEAN,
    DATE_FIELDS,
    DTMF_TYPES,
    RECORD_TYPE,
    TAGS,
    ExtraRule,
    TelnyxResource,
    extra_problems,
    one_of,
    whole_number,
)

#: The keys every PATCH must carry, and the neutral fields they hold.
REQUIRED = {"friendly_name": "name", "voice_url": "answer_url"}
#: What a dry run of a one-field update shows for the values it would resend (read first).
_STAND_IN = {"name": "current-friendly-name", "answer_url": "https://current.invalid/voice"}
_FILTER_MIN = 3  # "Requires at least three characters" (filter[friendly_name])
EXTRA_RULES: Mapping[str, ExtraRule] = {
    "active": BOOLEAN,
    "dtmf_type": one_of(*DTMF_TYPES),
    "first_command_timeout": BOOLEAN,
    "first_command_timeout_secs": whole_number(0),
    "tags": TAGS,
}
EXTRA_KEYS = frozenset(EXTRA_RULES)
_NO_SUCH = (
    "a Telnyx TeXML application has a voice URL and method, a fallback URL, and a status "
    "callback URL and method (its other settings are vendor keys in extra={...})"
)
_FALLBACK_METHOD = "a TeXML application has no method of its own for its fallback URL"
_MESSAGES = (
    "Telnyx delivers messages through a messaging profile, not a TeXML application: the "
    "messaging profile API is not mapped (docs/telnyx.md)"
)


def _method(method: HttpMethod) -> str:
    """How Telnyx writes a method: `get` or `post`."""
    return method.value.lower()


FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("name", "friendly_name"),
    WireField("answer_url", "voice_url"),
    WireField("answer_method", "voice_method", to_wire=_method),
    WireField("fallback_url", "voice_fallback_url"),
    WireField("hangup_url", "status_callback"),
    WireField("hangup_method", "status_callback_method", to_wire=_method),
    *DATE_FIELDS,
    ignore=(RECORD_TYPE,),
)


class TelnyxApplications(TelnyxResource[Application]):
    """`client.applications` at Telnyx (TeXML applications)."""

    model = Application
    fields = FIELDS
    collection = "/texml_applications"
    operations = frozenset({"get", "list", "count", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})  # a PATCH of values; a DELETE
    natural_key = "name"
    required_at_create = frozenset(REQUIRED.values())
    clearable = False  # the keys are strings: none takes null
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": EXTRA_KEYS,
        "update": EXTRA_KEYS,
    }
    hints: ClassVar[Mapping[str, str]] = {
        **{name: _NO_SUCH for name in changeable_fields(Application) - FIELDS.settable("update")},
        "fallback_method": _FALLBACK_METHOD,
        "message_url": _MESSAGES,
        "message_method": _MESSAGES,
    }
    dry_run_placeholders: ClassVar[Mapping[str, str]] = {
        _STAND_IN["name"]: "<current friendly_name>",
        _STAND_IN["answer_url"]: "<current voice_url>",
    }

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        return extra_problems(values.get("extra"), EXTRA_RULES)

    def plan_find(self, key: Any, scope: Scope) -> Plan[Application | None]:
        """Telnyx filters TeXML applications whose `friendly_name` contains a text of three
        characters or more: only those are read (an exact match is then looked for)."""
        if not isinstance(key, str) or len(key) < _FILTER_MIN:
            return (yield from super().plan_find(key, scope))
        containing = [("filter[friendly_name]", key)]
        return (
            yield from self.find_in(key, lambda cursor: self.page(scope, cursor, None, containing))
        )

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Application]:
        body = self.fields.to_wire(changes)
        if any(key not in body for key in REQUIRED):
            current = yield from self.plan_get(id, scope)
            for key, name in REQUIRED.items():
                value = getattr(current, name)
                if key not in body and value is None:
                    raise ProviderError(
                        f"{self.provider.name}: TeXML application {id!r} has no current {key} "
                        "to resend (the update must carry it)",
                        provider=self.provider.name,
                    )
                body.setdefault(key, value)
        request = self.provider.request("PATCH", self.item_path(id), json=body)
        response = yield from self.exchange(request, 200)
        return self.read(self.data(response), response, scope, id=id)

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for the read before a one-field update: the application, with
        placeholders for the values the update resends."""
        if request.method != "GET" or id is None or request.path != self.item_path(id):
            return None
        app = {"id": id, "friendly_name": _STAND_IN["name"], "voice_url": _STAND_IN["answer_url"]}
        return WireResponse(status=200, body=json.dumps({"data": app}).encode())
