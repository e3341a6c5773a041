"""voipappz users as neutral agent users.

`PATCH /api/users/{id}` does one thing per request, chosen by an `action` parameter:
no action changes the profile (form body `name`, `email`, ...), `action=extension` assigns
the extension (empty form body, 200 `{}`), `action=status` sets the agent state (`type`,
and the break reason as `name`; returns the user). An update touching several of these
sends one request per action, in the order of `UPDATE_ORDER`.

The vendor page shows no user object; the keys below are those the vendor's own clients
read (documented in docs/voipappz.md); unmapped reply keys go to `extra`. The state comes
under `status` or `status_type`, as a key (`on_break`) or a label (`On Break`, any case or
spacing); `status_name` is a label: the state's own (then it is no reason), else the reason.
"""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core import AgentState, AgentUser, Secret, ValidationError
from telephony_core.translate import (
    FieldMap,
    JsonObject,
    Page,
    Plan,
    Resource,
    Scope,
    Step,
    WireField,
    WireRequest,
    WireResponse,
    build_path,
    parse_count,
    run_in_order,
)

DEFAULT_PAGE_SIZE = 25
#: What an action may be answered with: any 2xx means the vendor applied it.
SUCCESS = tuple(range(200, 300))
USER_PATH = "/api/users/{id}"
USERS_PATH = "/api/users"
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_AFTER_CREATE = "voipappz sets it with an action on an existing user: create, then agents.update()"
_SEPARATORS = re.compile(r"[\s_-]+")


def state_from_label(value: object) -> AgentState:
    """An agent state from its key or its label: `on_break`, `On Break`, `ON-BREAK`, ..."""
    if not isinstance(value, str):
        raise TypeError("the state is not a string")
    return AgentState(_SEPARATORS.sub("_", value.strip()).lower())


def _state_label(value: object) -> AgentState | None:
    try:
        return state_from_label(value)
    except (TypeError, ValueError):
        return None


#: The vendor's keys for neutral fields (replies and the profile form body).
FIELDS = FieldMap(
    WireField("id", "uuid", update=False, create=False),
    WireField("name", "name"),
    WireField("email", "email"),
    WireField("extension_id", "extension_uuid", create=False),
    WireField("state", "status", from_wire=state_from_label, also=("status_type",), create=False),
    WireField("state_reason", "status_name", create=False),
    ignore=("password",),  # never kept, should a deployment echo it
)

#: The requests of one update, in the order they are sent: the profile first, then the
#: extension, and the state last, so that an agent made available already has its extension.
UPDATE_ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("profile", ("name", "email", "extra")),
    ("extension", ("extension_id",)),
    ("status", ("state", "state_reason")),
)
_VENDOR_KEYS = frozenset({"password", "enabled"})


def is_uuid(value: object) -> bool:
    """True for a canonical 8-4-4-4-12 hexadecimal UUID string."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def _form_value(key: str, value: Any) -> Any:
    if key == "password":
        return Secret(value)  # masked in reprs, logs and errors
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class VoipappzAgents(Resource[AgentUser]):
    """`client.agents` at voipappz (the users API)."""

    model = AgentUser
    fields = FIELDS
    operations = frozenset({"get", "list", "create", "update"})
    idempotent = frozenset({"update"})
    natural_key = "email"
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": _VENDOR_KEYS,
        "update": _VENDOR_KEYS,
    }
    write_only = frozenset({"extra.password"})  # never in a reply
    hints: ClassVar[Mapping[str, str]] = {
        "extension_id": _AFTER_CREATE,
        "state": _AFTER_CREATE,
        "state_reason": _AFTER_CREATE,
    }

    def _user_path(self, user_id: str) -> str:
        if not is_uuid(user_id):
            raise ValidationError(
                field_errors={"id": "must be a voipappz user UUID"}, provider=self.provider.name
            )
        return build_path(USER_PATH, id=user_id)

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors: dict[str, str] = {}
        extension = values.get("extension_id")
        if extension is not None and not is_uuid(extension):
            errors["extension_id"] = "must be a voipappz extension UUID"
        extra = values.get("extra") or {}
        if "enabled" in extra and not isinstance(extra["enabled"], bool):
            errors["extra.enabled"] = "must be true or false"
        if "password" in extra and not isinstance(extra["password"], str | Secret):
            errors["extra.password"] = "must be a string"
        if operation == "create":
            for name in ("name", "email"):
                if values.get(name) is None:
                    errors[name] = "is required to create a voipappz user"
        if operation == "update":
            for name, value in values.items():
                if value is None and name != "state_reason":
                    errors[name] = "cannot be cleared through the voipappz API"
            if "state_reason" in values and values.get("state") is None:
                errors.setdefault("state_reason", "is sent with the state: pass state= too")
        return errors

    def _profile_form(self, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return [(key, _form_value(key, v)) for key, v in self.fields.to_wire(values).items()]

    def _user(self, obj: object, response: WireResponse, **known: Any) -> AgentUser:
        """The agent of a user object. A `status_name` that only labels a state is the
        state (when no other key gives it), never a reason."""
        if isinstance(obj, dict) and _state_label(obj.get("status_name")) is not None:
            label = obj["status_name"]
            stated = any(obj.get(key) is not None for key in FIELDS.fields["state"].reply_keys)
            obj = (obj if isinstance(obj, JsonObject) else JsonObject(obj)).copy_with(
                {} if stated else {"status": label}, drop=("status_name",)
            )
        user: AgentUser = self.to_model(obj, response, **known)
        return user

    def plan_get(self, id: str, scope: Scope) -> Plan[AgentUser]:
        request = self.provider.request("GET", self._user_path(id))
        response = yield from self.exchange(request, 200)
        return self._user(self.json_object(response), response, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[AgentUser]]:
        page, seen = cursor or (1, 0)
        per_page = page_size or DEFAULT_PAGE_SIZE
        request = self.provider.request(
            "GET", USERS_PATH, query=[("page", page), ("per_page", per_page)]
        )
        response = yield from self.exchange(request, 200)
        objects = response.json(provider=self.provider.name)
        if not isinstance(objects, list):
            raise self.malformed(response, "expected a JSON array of users")
        items = [self._user(obj, response) for obj in objects]
        seen += len(items)
        total = self._total(response)
        more = seen < total if total is not None else len(items) >= per_page
        return Page(items=items, next=(page + 1, seen) if items and more else None)

    def _total(self, response: WireResponse) -> int | None:
        value = response.header("x-total")
        total = parse_count(value)
        if value is not None and total is None:
            raise self.malformed(response, "X-Total is not a count")
        return total

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[AgentUser]:
        request = self.provider.request("POST", USERS_PATH, form=self._profile_form(values))
        response = yield from self.exchange(request, 200, 201)
        created = self._user(self.json_object(response), response)
        sent = {k: v for k, v in values.items() if k != "extra" and getattr(created, k) is None}
        return attrs.evolve(created, **sent)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[AgentUser]:
        path = self._user_path(id)
        steps: list[Step[AgentUser | None]] = []
        known_after: list[dict[str, Any]] = []
        for action, names in UPDATE_ORDER:
            given = tuple(name for name in names if name in changes)
            if not given:
                continue
            request = self._action_request(action, path, {name: changes[name] for name in given})
            steps.append(Step(given, self._action(request, id)))
            applied = {name: changes[name] for name in given if name != "extra"}
            if action == "status":  # a new state without a reason clears the old reason
                applied.setdefault("state_reason", None)
            known_after.append(applied)
        returned_users = yield from run_in_order(steps)
        user = AgentUser(id=id)
        for returned, applied in zip(returned_users, known_after, strict=True):
            user = self._after(user, returned, applied)
        return user

    def _action(self, request: WireRequest, id: str) -> Plan[AgentUser | None]:
        """Send one action and read its reply (before the next action is sent): the user it
        returns, or None for an empty body or the documented `{}`. Any 2xx means applied."""
        response = yield from self.exchange(request, *SUCCESS)
        if not response.body.strip():
            return None
        body = self.json_object(response)
        if not body:  # the extension action's documented `{}`
            return None
        return self._user(body, response, id=id)

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for each action of an update with the documented `{}`, so that a dry run
        lists every request (each action's request does not depend on the previous reply)."""
        if request.method != "PATCH":
            return None
        return WireResponse(status=200, body=b"{}")

    def _action_request(self, action: str, path: str, changes: Mapping[str, Any]) -> WireRequest:
        """The one request of `action` (see `UPDATE_ORDER`) for its share of the changes."""
        if action == "profile":
            return self.provider.request("PATCH", path, form=self._profile_form(changes))
        query: list[tuple[str, str]] = [("action", action)]
        if action == "extension":
            query.append(("extension_uuid", changes["extension_id"]))
        else:
            query.append(("type", str(changes["state"])))  # an AgentState: its value
            if changes.get("state_reason") is not None:
                query.append(("name", changes["state_reason"]))
        return self.provider.request("PATCH", path, query=query, form=[])

    def _after(
        self, known: AgentUser, returned: AgentUser | None, applied: Mapping[str, Any]
    ) -> AgentUser:
        """The user as known after one action: the returned user if there is one (with what
        it omits filled in), else what was known with the applied changes."""
        expected = attrs.evolve(known, **applied)
        if returned is None:
            return expected
        omitted = {
            name: getattr(expected, name)
            for name in self.fields.fields
            if name != "id" and getattr(returned, name) is None
        }
        return attrs.evolve(returned, **omitted)
