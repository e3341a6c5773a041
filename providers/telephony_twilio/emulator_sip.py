"""The Twilio sandbox's SIP lists: the credentials of credential lists and the IP addresses of
IP access control lists, with the rules the API reference states for their parameters.

The seeded credential and IP address are the reference's examples. Passwords are kept only
to check the rule (Twilio keeps a digest, and no reply shows one).
"""

import ipaddress
from typing import Any

import attrs

from telephony_core.sandbox import EmuRequest, EmuResponse, empty, json_response, route
from telephony_twilio import sids
from telephony_twilio.devices import MAX_USERNAME, password_problem
from telephony_twilio.emulator_base import (
    API,
    SANDBOX_CREDENTIAL_LIST,
    SANDBOX_IP_ACCESS_CONTROL_LIST,
    TwilioEmulatorBase,
    invalid,
    not_found,
)

CREDENTIALS = API + "/Accounts/{account_sid}/SIP/CredentialLists/{list_sid}/Credentials"
IP_ADDRESSES = API + "/Accounts/{account_sid}/SIP/IpAccessControlLists/{list_sid}/IpAddresses"
CREDENTIAL = CREDENTIALS + "/{sid}.json"
IP_ADDRESS = IP_ADDRESSES + "/{sid}.json"
MAX_FRIENDLY_NAME = 255
#: "You can add up to 100 IP addresses to an IpAccessControlList" (the IpAddress reference).
MAX_IP_ADDRESSES = 100
SEEDED_CREDENTIAL = sids.CREDENTIAL + "a" * 32
SEEDED_IP_ADDRESS = sids.IP_ADDRESS + "a" * 32


def _required(form: dict[str, str], key: str) -> str:
    value = form.get(key)
    if not value:
        raise invalid(f"Missing required parameter {key} in the post body")
    return value


def _check_password(form: dict[str, str]) -> None:
    password = form.get("Password")
    if password is not None and password_problem(password) is not None:
        raise invalid(
            "Password is invalid: it must be at least 12 characters, contain at least 1 digit, "
            "and have mixed case"
        )


def _check_ip(form: dict[str, str]) -> None:
    if "IpAddress" in form:
        try:
            ipaddress.IPv4Address(form["IpAddress"])
        except ValueError:
            raise invalid("IpAddress must be a complete IPv4 address") from None
    if "CidrPrefixLength" in form:
        prefix = form["CidrPrefixLength"]
        if not prefix.isdigit() or not 0 <= int(prefix) <= 32:
            raise invalid("CidrPrefixLength must be an integer from 0 to 32")
    name = form.get("FriendlyName")
    if name is not None and len(name) > MAX_FRIENDLY_NAME:
        raise invalid(f"FriendlyName must be at most {MAX_FRIENDLY_NAME} characters")


@attrs.frozen
class SipList:
    """One kind of SIP list: where an account keeps them, and how their members show."""

    lists: str  # the account record's key for its lists of this kind
    items: str  # the listing reply's key for the members
    list_sid_key: str  # the member's key naming its list
    path: str  # the members' path template (`{account_sid}`, `{list_sid}`)
    hidden: frozenset[str] = frozenset()  # member keys no reply shows

    def show(self, account_sid: str, list_sid: str, record: dict[str, Any]) -> dict[str, Any]:
        """A member as the API shows it."""
        where = self.path.format(account_sid=account_sid, list_sid=list_sid)
        return {
            "account_sid": account_sid,
            self.list_sid_key: list_sid,
            **{key: value for key, value in record.items() if key not in self.hidden},
            "uri": f"{where}/{record['sid']}.json",
        }


CREDENTIAL_LISTS = SipList(
    "credential_lists",
    "credentials",
    "credential_list_sid",
    CREDENTIALS,
    hidden=frozenset({"password"}),  # Twilio keeps a digest and shows none
)
IP_ACCESS_CONTROL_LISTS = SipList(
    "ip_access_control_lists", "ip_addresses", "ip_access_control_list_sid", IP_ADDRESSES
)


class SipListsEmulator(TwilioEmulatorBase):
    """Credential lists and IP access control lists of each account, and their members."""

    def seed_lists(self, account: dict[str, Any]) -> None:
        """The sandbox account's credential list and IP access control list, each holding
        the reference's example member."""
        credentials = account["credential_lists"].setdefault(SANDBOX_CREDENTIAL_LIST, {})
        credentials[SEEDED_CREDENTIAL] = {
            "sid": SEEDED_CREDENTIAL,
            "username": "1440013725.28",
            "password": "IWasAtSignal2018",
            "date_created": "Wed, 19 Aug 2015 19:48:45 +0000",
            "date_updated": "Wed, 19 Aug 2015 19:48:45 +0000",
        }
        addresses = account["ip_access_control_lists"].setdefault(
            SANDBOX_IP_ACCESS_CONTROL_LIST, {}
        )
        addresses[SEEDED_IP_ADDRESS] = {
            "sid": SEEDED_IP_ADDRESS,
            "friendly_name": "friendly_name",
            "ip_address": "192.168.1.1",
            "cidr_prefix_length": 32,
            "date_created": "Mon, 20 Jul 2015 17:27:10 +0000",
            "date_updated": "Mon, 20 Jul 2015 17:27:10 +0000",
        }

    # What every kind of member shares.

    def _members(
        self, request: EmuRequest, kind: SipList, account_sid: str, list_sid: str
    ) -> dict[str, dict[str, Any]]:
        lists = self.account(request, account_sid)[kind.lists]
        if list_sid not in lists:
            raise not_found(request.path)
        members: dict[str, dict[str, Any]] = lists[list_sid]
        return members

    def _member(
        self, request: EmuRequest, kind: SipList, account_sid: str, list_sid: str, sid: str
    ) -> dict[str, Any]:
        members = self._members(request, kind, account_sid, list_sid)
        if sid not in members:
            raise not_found(request.path)
        return members[sid]

    def _listing(
        self, request: EmuRequest, kind: SipList, account_sid: str, list_sid: str
    ) -> EmuResponse:
        members = self._members(request, kind, account_sid, list_sid).values()
        shown = [kind.show(account_sid, list_sid, record) for record in members]
        return self.page(request, kind.items, shown)

    def _added(
        self, members: dict[str, dict[str, Any]], prefix: str, **fields: Any
    ) -> dict[str, Any]:
        now = self.now()
        record = {"sid": self.new_sid(prefix), **fields, "date_created": now, "date_updated": now}
        members[record["sid"]] = record
        return record

    def _changed(self, record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        if changes:
            record.update(changes, date_updated=self.now())
        return record

    def _deleted(
        self, request: EmuRequest, kind: SipList, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        self._member(request, kind, account_sid, list_sid, sid)
        del self._members(request, kind, account_sid, list_sid)[sid]
        return empty(204)

    # Credentials.

    @route("GET", CREDENTIALS + ".json")
    def list_credentials(self, request: EmuRequest, account_sid: str, list_sid: str) -> EmuResponse:
        return self._listing(request, CREDENTIAL_LISTS, account_sid, list_sid)

    @route("POST", CREDENTIALS + ".json")
    def create_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str
    ) -> EmuResponse:
        members = self._members(request, CREDENTIAL_LISTS, account_sid, list_sid)
        form = self.form(request)
        username = _required(form, "Username")
        password = _required(form, "Password")
        if len(username) > MAX_USERNAME:
            raise invalid(f"Username must be at most {MAX_USERNAME} characters")
        _check_password(form)
        if any(r["username"] == username for r in members.values()):
            raise invalid(f"Username {username} already exists in this credential list")
        record = self._added(members, sids.CREDENTIAL, username=username, password=password)
        return json_response(CREDENTIAL_LISTS.show(account_sid, list_sid, record), 201)

    @route("GET", CREDENTIAL)
    def get_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        record = self._member(request, CREDENTIAL_LISTS, account_sid, list_sid, sid)
        return json_response(CREDENTIAL_LISTS.show(account_sid, list_sid, record))

    @route("POST", CREDENTIAL)
    def update_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        record = self._member(request, CREDENTIAL_LISTS, account_sid, list_sid, sid)
        form = self.form(request)
        _check_password(form)
        # Password is the only parameter of the update; others are ignored.
        changes = {"password": form["Password"]} if "Password" in form else {}
        shown = CREDENTIAL_LISTS.show(account_sid, list_sid, self._changed(record, changes))
        return json_response(shown)

    @route("DELETE", CREDENTIAL)
    def delete_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        return self._deleted(request, CREDENTIAL_LISTS, account_sid, list_sid, sid)

    # IP addresses.

    @route("GET", IP_ADDRESSES + ".json")
    def list_ip_addresses(
        self, request: EmuRequest, account_sid: str, list_sid: str
    ) -> EmuResponse:
        return self._listing(request, IP_ACCESS_CONTROL_LISTS, account_sid, list_sid)

    @route("POST", IP_ADDRESSES + ".json")
    def create_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str
    ) -> EmuResponse:
        members = self._members(request, IP_ACCESS_CONTROL_LISTS, account_sid, list_sid)
        form = self.form(request)
        name = _required(form, "FriendlyName")
        address = _required(form, "IpAddress")
        _check_ip(form)
        if len(members) >= MAX_IP_ADDRESSES:
            raise invalid(f"An IpAccessControlList holds at most {MAX_IP_ADDRESSES} IP addresses")
        record = self._added(
            members,
            sids.IP_ADDRESS,
            friendly_name=name,
            ip_address=address,
            cidr_prefix_length=int(form.get("CidrPrefixLength") or 32),
        )
        return json_response(IP_ACCESS_CONTROL_LISTS.show(account_sid, list_sid, record), 201)

    @route("GET", IP_ADDRESS)
    def get_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        record = self._member(request, IP_ACCESS_CONTROL_LISTS, account_sid, list_sid, sid)
        return json_response(IP_ACCESS_CONTROL_LISTS.show(account_sid, list_sid, record))

    @route("POST", IP_ADDRESS)
    def update_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        record = self._member(request, IP_ACCESS_CONTROL_LISTS, account_sid, list_sid, sid)
        form = self.form(request)
        _check_ip(form)
        changes: dict[str, Any] = {
            key: form[param]
            for key, param in (("friendly_name", "FriendlyName"), ("ip_address", "IpAddress"))
            if form.get(param)
        }
        if form.get("CidrPrefixLength"):
            changes["cidr_prefix_length"] = int(form["CidrPrefixLength"])
        shown = IP_ACCESS_CONTROL_LISTS.show(account_sid, list_sid, self._changed(record, changes))
        return json_response(shown)

    @route("DELETE", IP_ADDRESS)
    def delete_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        return self._deleted(request, IP_ACCESS_CONTROL_LISTS, account_sid, list_sid, sid)
