"""The Twilio sandbox's SIP lists: the credentials of credential lists and the IP addresses of
IP access control lists, with the rules the API reference states for their parameters.

The seeded credential and IP address are the reference's examples. Passwords are kept only
to check the rule (Twilio keeps a digest, and no reply shows one).
"""

import ipaddress
from typing import Any

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

    def _members(
        self, request: EmuRequest, kind: str, account_sid: str, list_sid: str
    ) -> dict[str, dict[str, Any]]:
        lists = self.account(request, account_sid)[kind]
        if list_sid not in lists:
            raise not_found(request.path)
        members: dict[str, dict[str, Any]] = lists[list_sid]
        return members

    @staticmethod
    def _member(
        request: EmuRequest, members: dict[str, dict[str, Any]], sid: str
    ) -> dict[str, Any]:
        if sid not in members:
            raise not_found(request.path)
        return members[sid]

    # Credentials.

    @staticmethod
    def _credential(account_sid: str, list_sid: str, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "account_sid": account_sid,
            "credential_list_sid": list_sid,
            "date_created": record["date_created"],
            "date_updated": record["date_updated"],
            "sid": record["sid"],
            "uri": f"{API}/Accounts/{account_sid}/SIP/CredentialLists/{list_sid}/Credentials/"
            f"{record['sid']}.json",
            "username": record["username"],
        }

    @route("GET", CREDENTIALS + ".json")
    def list_credentials(self, request: EmuRequest, account_sid: str, list_sid: str) -> EmuResponse:
        members = self._members(request, "credential_lists", account_sid, list_sid)
        shown = [self._credential(account_sid, list_sid, r) for r in members.values()]
        return self.page(request, "credentials", shown)

    @route("POST", CREDENTIALS + ".json")
    def create_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str
    ) -> EmuResponse:
        members = self._members(request, "credential_lists", account_sid, list_sid)
        form = self.form(request)
        username = _required(form, "Username")
        _required(form, "Password")
        if len(username) > MAX_USERNAME:
            raise invalid(f"Username must be at most {MAX_USERNAME} characters")
        _check_password(form)
        if any(r["username"] == username for r in members.values()):
            raise invalid(f"Username {username} already exists in this credential list")
        now = self.now()
        record = {
            "sid": self.new_sid(sids.CREDENTIAL),
            "username": username,
            "password": form["Password"],
            "date_created": now,
            "date_updated": now,
        }
        members[record["sid"]] = record
        return json_response(self._credential(account_sid, list_sid, record), 201)

    @route("GET", CREDENTIALS + "/{sid}.json")
    def get_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        members = self._members(request, "credential_lists", account_sid, list_sid)
        record = self._member(request, members, sid)
        return json_response(self._credential(account_sid, list_sid, record))

    @route("POST", CREDENTIALS + "/{sid}.json")
    def update_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        members = self._members(request, "credential_lists", account_sid, list_sid)
        record = self._member(request, members, sid)
        form = self.form(request)
        _check_password(form)
        if "Password" in form:  # the only parameter of the update; others are ignored
            record.update(password=form["Password"], date_updated=self.now())
        return json_response(self._credential(account_sid, list_sid, record))

    @route("DELETE", CREDENTIALS + "/{sid}.json")
    def delete_credential(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        members = self._members(request, "credential_lists", account_sid, list_sid)
        self._member(request, members, sid)
        del members[sid]
        return empty(204)

    # IP addresses.

    @staticmethod
    def _address(account_sid: str, list_sid: str, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "account_sid": account_sid,
            "date_created": record["date_created"],
            "date_updated": record["date_updated"],
            "friendly_name": record["friendly_name"],
            "ip_access_control_list_sid": list_sid,
            "ip_address": record["ip_address"],
            "cidr_prefix_length": record["cidr_prefix_length"],
            "sid": record["sid"],
            "uri": f"{API}/Accounts/{account_sid}/SIP/IpAccessControlLists/{list_sid}/"
            f"IpAddresses/{record['sid']}.json",
        }

    @route("GET", IP_ADDRESSES + ".json")
    def list_ip_addresses(
        self, request: EmuRequest, account_sid: str, list_sid: str
    ) -> EmuResponse:
        members = self._members(request, "ip_access_control_lists", account_sid, list_sid)
        shown = [self._address(account_sid, list_sid, r) for r in members.values()]
        return self.page(request, "ip_addresses", shown)

    @route("POST", IP_ADDRESSES + ".json")
    def create_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str
    ) -> EmuResponse:
        members = self._members(request, "ip_access_control_lists", account_sid, list_sid)
        form = self.form(request)
        _required(form, "FriendlyName")
        _required(form, "IpAddress")
        _check_ip(form)
        if len(members) >= MAX_IP_ADDRESSES:
            raise invalid(f"An IpAccessControlList holds at most {MAX_IP_ADDRESSES} IP addresses")
        now = self.now()
        record: dict[str, Any] = {
            "sid": self.new_sid(sids.IP_ADDRESS),
            "friendly_name": form["FriendlyName"],
            "ip_address": form["IpAddress"],
            "cidr_prefix_length": int(form.get("CidrPrefixLength") or 32),
            "date_created": now,
            "date_updated": now,
        }
        members[record["sid"]] = record
        return json_response(self._address(account_sid, list_sid, record), 201)

    @route("GET", IP_ADDRESSES + "/{sid}.json")
    def get_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        members = self._members(request, "ip_access_control_lists", account_sid, list_sid)
        return json_response(
            self._address(account_sid, list_sid, self._member(request, members, sid))
        )

    @route("POST", IP_ADDRESSES + "/{sid}.json")
    def update_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        members = self._members(request, "ip_access_control_lists", account_sid, list_sid)
        record = self._member(request, members, sid)
        form = self.form(request)
        _check_ip(form)
        changes: dict[str, Any] = {
            key: value
            for key, value in (
                ("friendly_name", form.get("FriendlyName")),
                ("ip_address", form.get("IpAddress")),
                ("cidr_prefix_length", form.get("CidrPrefixLength")),
            )
            if value
        }
        if "cidr_prefix_length" in changes:
            changes["cidr_prefix_length"] = int(changes["cidr_prefix_length"])
        if changes:
            record.update(changes, date_updated=self.now())
        return json_response(self._address(account_sid, list_sid, record))

    @route("DELETE", IP_ADDRESSES + "/{sid}.json")
    def delete_ip_address(
        self, request: EmuRequest, account_sid: str, list_sid: str, sid: str
    ) -> EmuResponse:
        members = self._members(request, "ip_access_control_lists", account_sid, list_sid)
        self._member(request, members, sid)
        del members[sid]
        return empty(204)
