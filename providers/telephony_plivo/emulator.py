"""The Plivo sandbox: Endpoints and Subaccounts as Plivo's API reference documents them, kept
in memory (credentials and reply bodies: `emulator_base`).

Seeded: the main account `MA2025RK4E639VJFZAGV` with the endpoints of the reference's list
example and one desk phone (`87654321`), and the reference's example subaccount. A new
endpoint's username is the one sent plus a 12-digit number; reads show its password as an MD5
hash and its application as a URI. Creates answer 201, updates 202 `{"message": "changed"}`,
deletes 204. Deleting a subaccount moves its endpoints to the main account, or deletes them
with `cascade` true: in the query string (as the reference passes DELETE arguments) or in a
JSON body (as plivo-python sends it). A subaccount update or delete may repeat the
subaccount's `auth_id` in its body (plivo-python always does). Subaccount objects carry `new_auth_token`
(the SDKs' fixtures show it, equal to `auth_token`).
"""

import hashlib
import itertools
import secrets
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from telephony_core.plivo_style import offset_page
from telephony_core.sandbox import EmuRequest, EmuResponse, empty, route
from telephony_plivo.devices import MIN_PASSWORD, is_username
from telephony_plivo.emulator_base import (
    MAIN_ACCOUNT,
    PAGE_LIMIT,
    SANDBOX_TOKEN,
    PlivoEmulatorBase,
    error,
    new_account,
    reply,
)
from telephony_plivo.emulator_numbers import (
    SEEDED_APPLICATIONS,
    SEEDED_NUMBERS,
    TRUNKS,
    NumberEmulator,
)

SEEDED_SUBACCOUNT = "SA2025RK4E639VJFZAMM"
_ENDPOINT_KEYS = frozenset({"password", "alias", "app_id"})
#: A registered endpoint's registration (the reference's "registered" example).
_REGISTRATION = {
    "sip_contact": "sip:callme140703093224@122.172.71.207:57563;ob",
    "sip_expires": "2022-07-21 19:26:08",
    "sip_user_agent": "Telephone 1.1.4",
}
_SEEDED_ENDPOINTS = (
    ("87654321", "desk131031145958", "Desk phone", "33406267401237901"),
    ("32866729519064", "callme140703093944", "callme", "33406267401237901"),
    ("17551316589618", "polycom140506175448", "polycom", "37961981447734951"),
)


def _endpoint_problem(body: Mapping[str, Any], apps: Mapping[str, Any]) -> str | None:
    """What Plivo would refuse in an endpoint's create or update body, if anything (`apps`:
    the account's applications, by id)."""
    for key in ("username", "password", "alias", "app_id"):
        if key in body and not isinstance(body[key], str):
            return f"{key} must be a string"
    if "username" in body and not (is_username(body["username"]) and len(body["username"]) <= 25):
        return "username must be 1 to 25 letters and digits, starting with a letter"
    if len(body.get("password", "x" * MIN_PASSWORD)) < MIN_PASSWORD:
        return f"password must be at least {MIN_PASSWORD} characters long"
    if "app_id" in body and body["app_id"] not in apps:
        return "app_id is not an application of this account"
    return None


class PlivoEmulator(NumberEmulator):
    """In-memory Plivo: endpoints and subaccounts here, applications and numbers from their
    own part."""

    examples: ClassVar[Mapping[str, str]] = {
        "devices": "87654321",
        "tenants": SEEDED_SUBACCOUNT,
        "applications": "37961981447734951",
        "numbers": "17609915566",
    }
    seeded: ClassVar[Mapping[str, Sequence[str]]] = {
        "devices": tuple(endpoint_id for endpoint_id, *_ in _SEEDED_ENDPOINTS),
        "tenants": (SEEDED_SUBACCOUNT,),
        "applications": tuple(SEEDED_APPLICATIONS),
        "numbers": tuple(SEEDED_NUMBERS),
        "trunks": TRUNKS,
    }
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {
            "username": "frontdesk",
            "name": "Front desk",
            "password": "NewSecurePassword456",
            "application_id": "37961981447734951",
        },
        "tenants": {"name": "Billing Team", "enabled": False},
        "applications": {
            "name": "Support-IVR",
            "answer_url": "https://example.com/support/answer",
            "answer_method": "GET",
            "fallback_url": "https://example.com/support/fallback",
            "fallback_method": "GET",
            "hangup_url": "https://example.com/support/hangup",
            "hangup_method": "GET",
            "message_url": "https://example.com/support/message",
            "message_method": "GET",
            "default_for_numbers": True,
            "default_for_devices": True,
        },
        "numbers": {
            "number": "+14155550123",
            "name": "Front desk line",
            "application_id": "37961981447734951",
            "trunk_id": TRUNKS[0],
        },
    }

    def reset(self) -> None:
        super().reset()
        self.endpoint_ids: Iterator[int] = itertools.count(37371860103666)
        main = new_account(
            MAIN_ACCOUNT, SANDBOX_TOKEN, name="Sandbox", parent=None, created="2022-09-01"
        )
        self.accounts[MAIN_ACCOUNT] = main
        for endpoint_id, username, alias, app_id in _SEEDED_ENDPOINTS:
            main["endpoints"][endpoint_id] = self._endpoint(
                endpoint_id, username, alias, "Initial-Passw0rd", app_id, None
            )
        main["endpoints"]["32866729519064"]["registration"] = _REGISTRATION
        self.seed_routing(main)
        self.accounts[SEEDED_SUBACCOUNT] = new_account(
            SEEDED_SUBACCOUNT,
            "sandbox-subaccount-token",
            name="Subaccount Test",
            parent=MAIN_ACCOUNT,
            created="2022-09-05",
        )

    @staticmethod
    def _endpoint(
        endpoint_id: str,
        username: str,
        alias: str,
        password: str,
        app_id: str | None,
        sub_account: str | None,
    ) -> dict[str, Any]:
        return {
            "endpoint_id": endpoint_id,
            "username": username,
            "alias": alias,
            "password": password,
            "app_id": app_id,
            "sub_account": sub_account,
            "registration": None,
        }

    # Endpoints.

    def _endpoints(self, auth_id: str) -> dict[str, dict[str, Any]]:
        endpoints: dict[str, dict[str, Any]] = self.accounts[auth_id]["endpoints"]
        return endpoints

    def _found(self, auth_id: str, endpoint_id: str) -> dict[str, Any]:
        endpoint = self._endpoints(auth_id).get(endpoint_id)
        if endpoint is None:
            raise error(404, "not found")
        return endpoint

    @staticmethod
    def _shown(auth_id: str, endpoint: Mapping[str, Any]) -> dict[str, Any]:
        """An endpoint as listed; a read adds its password's MD5 hash."""
        app_id = endpoint["app_id"]
        return {
            "alias": endpoint["alias"],
            "application": f"/v1/Account/{auth_id}/Application/{app_id}/" if app_id else None,
            "endpoint_id": endpoint["endpoint_id"],
            "resource_uri": f"/v1/Account/{auth_id}/Endpoint/{endpoint['endpoint_id']}/",
            **(endpoint["registration"] or {}),
            "sip_registered": "true" if endpoint["registration"] else "false",
            "sip_uri": f"sip:{endpoint['username']}@phone.plivo.com",
            "sub_account": endpoint["sub_account"],
            "username": endpoint["username"],
        }

    @route("POST", "/v1/Account/{auth_id}/Endpoint/")
    def create_endpoint(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        body = self.body(request, _ENDPOINT_KEYS | {"username"})
        missing = [key for key in ("username", "password", "alias") if key not in body]
        problem = (
            f"{missing[0]} is required"
            if missing
            else _endpoint_problem(body, self.apps(auth_id).apps)
        )
        if problem:
            raise error(400, problem)
        endpoint_id = str(next(self.endpoint_ids))
        username = f"{body['username']}{next(self.username_suffixes):012d}"
        sub_account = None if self.accounts[auth_id]["parent"] is None else auth_id
        self._endpoints(auth_id)[endpoint_id] = self._endpoint(
            endpoint_id, username, body["alias"], body["password"], body.get("app_id"), sub_account
        )
        created = {"username": username, "alias": body["alias"], "endpoint_id": endpoint_id}
        return reply({**created, "message": "created"}, 201)

    @route("GET", "/v1/Account/{auth_id}/Endpoint/")
    def list_endpoints(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        endpoints = list(self._endpoints(auth_id).values())
        page, meta = offset_page(
            request, endpoints, max_limit=PAGE_LIMIT, refuse=lambda why: error(400, why)
        )
        return reply({"meta": meta, "objects": [self._shown(auth_id, e) for e in page]})

    @route("GET", "/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def get_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        endpoint = self._found(auth_id, endpoint_id)
        digest = hashlib.md5(endpoint["password"].encode(), usedforsecurity=False).hexdigest()
        return reply({**self._shown(auth_id, endpoint), "password": digest})

    @route("POST", "/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def update_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        endpoint = self._found(auth_id, endpoint_id)
        body = self.body(request, _ENDPOINT_KEYS)
        problem = _endpoint_problem(body, self.apps(auth_id).apps)
        if problem:
            raise error(400, problem)
        endpoint.update(body)
        return reply({"message": "changed"}, 202)

    @route("DELETE", "/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def delete_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        self._found(auth_id, endpoint_id)
        del self._endpoints(auth_id)[endpoint_id]
        return empty(204)

    # Subaccounts.

    def _subaccount(self, auth_id: str, subauth_id: str) -> dict[str, Any]:
        account = self.accounts.get(subauth_id)
        if account is None or account["parent"] != auth_id:
            raise error(404, "not found")
        return account

    @staticmethod
    def _subaccount_shown(account: Mapping[str, Any]) -> dict[str, Any]:
        auth_id, parent = account["auth_id"], account["parent"]
        return {
            "account": f"/v1/Account/{parent}/",
            "auth_id": auth_id,
            "auth_token": account["auth_token"],
            "created": account["created"],
            "new_auth_token": account["auth_token"],
            "enabled": account["enabled"],
            "modified": account["modified"],
            "name": account["name"],
            "resource_uri": f"/v1/Account/{parent}/Subaccount/{auth_id}/",
        }

    def _subaccount_body(
        self, request: EmuRequest, subauth_id: str | None = None
    ) -> dict[str, Any]:
        """A create's or (with the `subauth_id` of its path) an update's checked body."""
        allowed = {"name", "enabled"} | ({"auth_id"} if subauth_id else set())
        body = self.body(request, frozenset(allowed))
        if body.pop("auth_id", subauth_id) != subauth_id:
            raise error(400, "auth_id is not the subaccount of the path")
        if not isinstance(body.get("name"), str) or not body["name"]:
            raise error(400, "name is required")
        if not isinstance(body.get("enabled", False), bool):
            raise error(400, "enabled must be true or false")
        return body

    @route("POST", "/v1/Account/{auth_id}/Subaccount/")
    def create_subaccount(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        if self.accounts[auth_id]["parent"] is not None:
            raise error(403, "a subaccount cannot have subaccounts")
        body = self._subaccount_body(request)
        subauth_id = f"SA{next(self.subaccount_numbers):018d}"
        account = new_account(
            subauth_id,
            secrets.token_hex(20),
            name=body["name"],
            parent=auth_id,
            created=self.today(),
            enabled=body.get("enabled", False),  # Create a Subaccount: "Defaults to false"
        )
        self.accounts[subauth_id] = account
        return reply(
            {"auth_id": subauth_id, "auth_token": account["auth_token"], "message": "created"}, 201
        )

    @route("GET", "/v1/Account/{auth_id}/Subaccount/")
    def list_subaccounts(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        subaccounts = [a for a in self.accounts.values() if a["parent"] == auth_id]
        page, meta = offset_page(
            request, subaccounts, max_limit=PAGE_LIMIT, refuse=lambda why: error(400, why)
        )
        return reply({"meta": meta, "objects": [self._subaccount_shown(a) for a in page]})

    @route("GET", "/v1/Account/{auth_id}/Subaccount/{subauth_id}/")
    def get_subaccount(self, request: EmuRequest, auth_id: str, subauth_id: str) -> EmuResponse:
        return reply(self._subaccount_shown(self._subaccount(auth_id, subauth_id)))

    @route("POST", "/v1/Account/{auth_id}/Subaccount/{subauth_id}/")
    def update_subaccount(self, request: EmuRequest, auth_id: str, subauth_id: str) -> EmuResponse:
        account = self._subaccount(auth_id, subauth_id)
        account.update(self._subaccount_body(request, subauth_id), modified=self.today())
        return reply({"message": "changed"}, 202)

    @route("DELETE", "/v1/Account/{auth_id}/Subaccount/{subauth_id}/")
    def delete_subaccount(self, request: EmuRequest, auth_id: str, subauth_id: str) -> EmuResponse:
        account = self._subaccount(auth_id, subauth_id)
        if not _cascade(request, subauth_id):
            for endpoint_id, endpoint in account["endpoints"].items():
                self._endpoints(auth_id)[endpoint_id] = {**endpoint, "sub_account": None}
        del self.accounts[subauth_id]
        return empty(204)


def _cascade(request: EmuRequest, subauth_id: str) -> bool:
    """A subaccount delete's `cascade` (default false), from the query or a JSON body (which
    may repeat the `auth_id`, as plivo-python's does), as `true`/`false` or the strings
    `"true"`/`"false"`; the 400 for anything else."""
    body = (
        PlivoEmulatorBase.body(request, frozenset({"cascade", "auth_id"})) if request.body else {}
    )
    if body.get("auth_id", subauth_id) != subauth_id:
        raise error(400, "auth_id is not the subaccount of the path")
    given = {value for value in (request.arg("cascade"), body.get("cascade")) if value is not None}
    values = {"true" if value is True else "false" if value is False else value for value in given}
    if not values <= {"true", "false"} or len(values) > 1:
        raise error(400, "cascade must be true or false")
    return values == {"true"}
