"""The Twilio sandbox's Accounts API: the sandbox account and its subaccounts.

The listing holds the caller's account itself and its subaccounts (closed ones too), filtered
by `FriendlyName` and `Status`. A subaccount's status goes between `active` and `suspended`
and, once, to `closed`: after that its status cannot change (Twilio's error 21479).
"""

from datetime import datetime
from typing import Any

from telephony_core.sandbox import EmuRequest, EmuResponse, json_response, route
from telephony_twilio import sids
from telephony_twilio.emulator_base import (
    API,
    FORBIDDEN,
    SUBACCOUNT_CLOSED,
    TwilioEmulatorBase,
    invalid,
    new_account,
    twilio_error,
)

ACCOUNTS = API + "/Accounts.json"
ACCOUNT = API + "/Accounts/{account_sid}.json"
STATUSES = ("active", "suspended", "closed")
MAX_FRIENDLY_NAME = 64
_REPLY_KEYS = (
    "auth_token",
    "date_created",
    "date_updated",
    "friendly_name",
    "owner_account_sid",
    "sid",
    "status",
    "type",
)
#: An account's `subresource_uris`: each key's path under the account, as the FetchAccount
#: example of Twilio's OpenAPI (twilio/twilio-oai `twilio_api_v2010.json`) lists them.
SUBRESOURCES = {
    "available_phone_numbers": "AvailablePhoneNumbers",
    "calls": "Calls",
    "conferences": "Conferences",
    "incoming_phone_numbers": "IncomingPhoneNumbers",
    "notifications": "Notifications",
    "outgoing_caller_ids": "OutgoingCallerIds",
    "recordings": "Recordings",
    "transcriptions": "Transcriptions",
    "addresses": "Addresses",
    "signing_keys": "SigningKeys",
    "connect_apps": "ConnectApps",
    "sip": "SIP",
    "authorized_connect_apps": "AuthorizedConnectApps",
    "usage": "Usage",
    "keys": "Keys",
    "applications": "Applications",
    "short_codes": "SMS/ShortCodes",
    "queues": "Queues",
    "messages": "Messages",
    "balance": "Balance",
}


def default_name(moment: datetime) -> str:
    """Twilio's name for a subaccount created without one."""
    return f"SubAccount Created at {moment.strftime('%Y-%m-%d %I:%M %p').lower()}"


def public(account: dict[str, Any]) -> dict[str, Any]:
    """An account as the API shows it."""
    sid = account["sid"]
    return {
        **{key: account[key] for key in _REPLY_KEYS},
        "subresource_uris": {
            name: f"{API}/Accounts/{sid}/{path}.json" for name, path in SUBRESOURCES.items()
        },
        "uri": f"{API}/Accounts/{sid}.json",
    }


def _check(form: dict[str, str]) -> None:
    name = form.get("FriendlyName")
    if name is not None and len(name) > MAX_FRIENDLY_NAME:
        raise invalid(f"FriendlyName must be at most {MAX_FRIENDLY_NAME} characters")
    status = form.get("Status")
    if status is not None and status not in STATUSES:
        raise invalid(f"Status must be one of {', '.join(STATUSES)}")


class AccountsEmulator(TwilioEmulatorBase):
    """The accounts: the sandbox account, its subaccounts, and what they may do."""

    @route("GET", ACCOUNTS)
    def list_accounts(self, request: EmuRequest) -> EmuResponse:
        caller = self.caller(request)
        filters = {k: v for k in ("FriendlyName", "Status") if (v := request.arg(k)) is not None}
        shown = [
            public(account)
            for account in self.accounts.values()
            if self.may_act_for(caller or "", account["sid"])
            and all(account[key] == value for key, value in _as_keys(filters).items())
        ]
        return self.page(request, "accounts", shown, filters)

    @route("POST", ACCOUNTS)
    def create_account(self, request: EmuRequest) -> EmuResponse:
        owner = self.caller(request) or ""
        if self.accounts[owner]["owner_account_sid"] != owner:
            return twilio_error(403, FORBIDDEN, "A subaccount cannot create subaccounts")
        form = self.form(request)
        _check(form)
        moment = self.clock()
        sid = self.new_sid(sids.ACCOUNT)
        name = form.get("FriendlyName") or default_name(moment)
        self.accounts[sid] = new_account(sid, owner, name, self.now())
        return json_response(public(self.accounts[sid]), 201)

    @route("GET", ACCOUNT)
    def get_account(self, request: EmuRequest, account_sid: str) -> EmuResponse:
        return json_response(public(self.account(request, account_sid)))

    @route("POST", ACCOUNT)
    def update_account(self, request: EmuRequest, account_sid: str) -> EmuResponse:
        account = self.account(request, account_sid)
        form = self.form(request)
        _check(form)
        status = form.get("Status")
        if status is not None and status != account["status"]:
            if account["status"] == "closed":
                raise invalid(
                    "Unable to update Status for subaccount, subaccount has been closed.",
                    SUBACCOUNT_CLOSED,
                )
            if account["owner_account_sid"] == account_sid:
                return twilio_error(403, FORBIDDEN, "The main account's status cannot be changed")
        changes = {
            key: value
            for key, value in (("friendly_name", form.get("FriendlyName")), ("status", status))
            if value is not None
        }
        if changes:
            account.update(changes, date_updated=self.now())
        if status == "closed":
            self.account_closed(account_sid)
        return json_response(public(account))


def _as_keys(filters: dict[str, str]) -> dict[str, str]:
    names = {"FriendlyName": "friendly_name", "Status": "status"}
    return {names[key]: value for key, value in filters.items()}
