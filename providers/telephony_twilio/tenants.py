"""Twilio subaccounts as neutral tenants.

`POST /2010-04-01/Accounts.json` creates a subaccount of the credentials' account; `Status`
is `active` (enabled) or `suspended` (disabled). Twilio deletes no account: `delete` sets
`Status=closed`, which is permanent (a closed subaccount cannot be reopened and its phone
numbers are released). A closed subaccount is gone as far as the neutral API goes: `get`
answers `NotFound` and `list` leaves it out, as it leaves out the parent account that
Twilio's own listing includes.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import NotFound, Tenant
from telephony_core.translate import (
    FieldMap,
    Page,
    Plan,
    Scope,
    WireField,
    WireResponse,
    build_path,
)
from telephony_twilio import sids
from telephony_twilio.base import API, DATE_FIELDS, TwilioResource

ACCOUNTS = API + "/Accounts.json"
ACCOUNT = API + "/Accounts/{id}.json"
MAX_FRIENDLY_NAME = 64
CLOSED = "closed"
STATUS = {True: "active", False: "suspended"}
_STATUS_READ = {status: enabled for enabled, status in STATUS.items()}
_ONLY_NAME_AND_STATE = "a Twilio subaccount has a friendly name and a status, nothing else"
_CREATED_ACTIVE = "Twilio creates subaccounts active: create it, then update(enabled=False)"


def _enabled_from_wire(value: object) -> bool:
    if not isinstance(value, str) or value not in _STATUS_READ:
        raise ValueError("status is neither active nor suspended")
    return _STATUS_READ[value]


FIELDS = FieldMap(
    WireField("id", "Sid", reply="sid", update=False, create=False),
    WireField(
        "parent_id", "OwnerAccountSid", reply="owner_account_sid", update=False, create=False
    ),
    WireField("name", "FriendlyName", reply="friendly_name"),
    WireField(
        "enabled",
        "Status",
        reply="status",
        to_wire=STATUS.__getitem__,
        from_wire=_enabled_from_wire,
        create=False,
    ),
    WireField("auth_token", "AuthToken", reply="auth_token", update=False, create=False),
    *DATE_FIELDS,
    ignore=("uri", "subresource_uris"),
)


def is_closed(obj: object) -> bool:
    """Whether a reply's account object is a closed account."""
    return isinstance(obj, dict) and obj.get("status") == CLOSED


class TwilioTenants(TwilioResource[Tenant]):
    """`client.tenants` at Twilio (the Accounts API, subaccounts of the credentials' account)."""

    model = Tenant
    fields = FIELDS
    items_key = "accounts"
    operations = frozenset({"get", "list", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})  # POSTs of values (delete: Status=closed)
    natural_key = "name"
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"name": (1, MAX_FRIENDLY_NAME)}
    hints: ClassVar[Mapping[str, str]] = {
        "enabled": _CREATED_ACTIVE,
        **{
            name: _ONLY_NAME_AND_STATE
            for name in ("email", "phone", "description", "rate_limit", "permissions")
        },
    }
    message_fields: ClassVar[Mapping[str, str]] = {"FriendlyName": "name", "Status": "enabled"}
    delete_warning = (
        "Twilio has no delete for accounts: this closes the subaccount (Status=closed), which is "
        "permanent. A closed subaccount cannot be reopened, and Twilio releases its phone numbers."
    )

    def _path(self, id: str) -> str:
        return build_path(ACCOUNT, id=self.sid("id", sids.ACCOUNT, id))

    def _tenant(self, obj: object, response: WireResponse, **known: Any) -> Tenant:
        tenant: Tenant = self.to_model(obj, response, **known)
        return tenant

    def _is_listed(self, obj: object) -> bool:
        """A subaccount that is not closed (Twilio's listing also has the parent itself)."""
        own = self.provider.setting("account_sid")
        return not is_closed(obj) and not (isinstance(obj, dict) and obj.get("sid") == own)

    def plan_get(self, id: str, scope: Scope) -> Plan[Tenant]:
        response = yield from self.exchange(self.provider.request("GET", self._path(id)), 200)
        obj = self.json_object(response)
        if is_closed(obj):
            raise NotFound(
                f"{self.provider.name}: subaccount {id} is closed (tenants.delete closes a "
                "subaccount for good)",
                provider=self.provider.name,
                status=response.status,
            )
        return self._tenant(obj, response, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Tenant]]:
        return (yield from self._listed(cursor, page_size, ()))

    def _listed(
        self, cursor: Any, page_size: int | None, filters: tuple[tuple[str, str], ...]
    ) -> Plan[Page[Tenant]]:
        items, following, response = yield from self.listing(ACCOUNTS, cursor, page_size, filters)
        tenants = [self._tenant(obj, response) for obj in items if self._is_listed(obj)]
        return Page(items=tenants, next=following)

    def plan_find(self, key: Any, scope: Scope) -> Plan[Tenant | None]:
        """Twilio filters the listing by `FriendlyName`: only the matching accounts are read."""
        by_name = (("FriendlyName", key),)
        return (yield from self.find_in(key, lambda cursor: self._listed(cursor, None, by_name)))

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        request = self.provider.request("POST", ACCOUNTS, form=self.form(values))
        response = yield from self.exchange(request, 201, 200)
        return self._tenant(self.json_object(response), response)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        request = self.provider.request("POST", self._path(id), form=self.form(changes))
        response = yield from self.exchange(request, 200)
        return self._tenant(self.json_object(response), response, id=id)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        request = self.provider.request("POST", self._path(id), form=[("Status", CLOSED)])
        yield from self.exchange(request, 200)
        return None
