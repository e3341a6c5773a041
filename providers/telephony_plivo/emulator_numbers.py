"""The Plivo sandbox's applications and phone numbers, as the API reference documents them.

- Applications (`Application/`): kept as Plivo-style APIs keep them
  (`telephony_core.plivo_style.ApplicationBook`); a create needs `app_name` and `answer_url`
  (201 `{"app_id", "message": "created"}`); Modify an Application takes every key but
  `app_name` (202 `{"message": "changed"}`); `app_name` filters the listing; delete 204.
- The account's numbers (`Number/`): listings filtered by `number_startswith`, `alias` and
  `type`; an update (202) routes the number to its `app_id`, an application of the account or
  an inbound Zentrunk trunk (shown as `object_type` `"trunk"` and its `object_id`), and,
  without one, to the account's `default_number_app` (none, unless one is set); delete 204.
- Numbers for sale (`PhoneNumber/`): the unbounded inventory (`NumberInventory`) of
  `country_iso`, numbers starting with the country code and `pattern`, of `type`; as it has
  no end, `total_count` counts up to the next page while there is one. Buying any valid number
  nobody holds answers 201; numbers of a country that requires verification (Germany, as in
  the reference's example) come back `"pending"`.
Seeded, for the main account: three applications (the ids the endpoints point at), two
numbers of the SDK's examples (one routed to an application, one to a trunk), one trunk.
"""

import itertools
from collections.abc import Mapping
from typing import Any

from telephony_core.plivo_style import (
    APPLICATION_KEYS,
    ApplicationBook,
    application_problems,
    offset_page,
)
from telephony_core.sandbox import EmuRequest, EmuResponse, NumberInventory, empty, route
from telephony_plivo.emulator_base import PAGE_LIMIT, PlivoEmulatorBase, error, reply

#: The main account's applications (the ids of the reference's endpoint examples).
SEEDED_APPLICATIONS = {
    "33406267401237901": "Customer-Service",
    "37961981447734951": "Sales",
    "77494029089751836": "Demo-Conference",
}
#: Zentrunk inbound trunks a number may be routed to (the reference's example trunk id).
TRUNKS = ("17248282830499840",)
#: The main account's numbers: digits -> city, region, added_on, application, trunk.
SEEDED_NUMBERS: dict[str, tuple[str, str, str, str | None, str | None]] = {
    "17609915566": ("USA", "California, UNITED STATES", "2014-02-14", "33406267401237901", None),
    "14153661106": ("USA", "BELVEDERE, UNITED STATES", "2013-01-01", None, TRUNKS[0]),
}
#: The countries' names, as Plivo writes them in number objects.
COUNTRY_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "AU": "Australia",
    "DE": "Germany",
    "IN": "India",
    "FR": "France",
    "NL": "Netherlands",
}
#: Countries whose numbers are activated only once verification documents are in.
VERIFIED = frozenset({"DE"})
#: `type` of a search -> the inventory's kind, and how an offer shows its type and subtype.
_SEARCH_KINDS = {
    "local": "local",
    "fixed": "local",
    "any": "local",
    "tollfree": "toll_free",
    "mobile": "mobile",
    "national": "national",
}
_SHOWN_KINDS = {
    "local": ("fixed", "local"),
    "toll_free": ("tollfree", "tollfree"),
    "mobile": ("mobile", "mobile"),
    "national": ("fixed", "national"),
}
_NUMBER_KEYS = frozenset({"app_id", "alias", "cnam_lookup", "number"})
#: An application's keys: both vendors', and Plivo's own (Create an Application, the SDK).
_APP_KEYS = APPLICATION_KEYS | {"subaccount", "log_incoming_messages", "public_uri"}
_NOT_AN_APP = "app_id is not an application or inbound trunk of this account"
SIP_DOMAIN = "app.plivo.com"


class NumberEmulator(PlivoEmulatorBase):
    """In-memory Plivo applications and numbers, per account, over one inventory."""

    def reset(self) -> None:
        super().reset()
        self.inventory = NumberInventory()

    def seed_routing(self, account: Mapping[str, Any]) -> None:
        """Give the main account its seeded applications and numbers."""
        book: ApplicationBook = account["applications"]
        for app_id, name in SEEDED_APPLICATIONS.items():
            body = {"app_name": name, "answer_url": "https://example.com/answer"}
            book.add(body, app_id=app_id)
        for digits, (city, region, added, app, trunk) in SEEDED_NUMBERS.items():
            record = self._add(account["auth_id"], digits, added_on=added, app_id=app or trunk)
            record.update(city=city, region=region)

    # Applications.

    def _app(self, auth_id: str, app_id: str) -> dict[str, Any]:
        app = self.apps(auth_id).apps.get(app_id)
        if app is None:
            raise error(404, "not found")
        return app

    def _app_body(self, request: EmuRequest, *, creating: bool) -> dict[str, Any]:
        allowed = _APP_KEYS if creating else _APP_KEYS - {"app_name"}
        body = self.body(request, allowed)
        problems = application_problems(body, creating=creating)
        for key in ("log_incoming_messages", "public_uri"):
            if key in body and not isinstance(body[key], bool):
                problems[key] = "must be true or false"
        if "subaccount" in body and body["subaccount"] not in self.accounts:
            problems["subaccount"] = "is not a subaccount of this account"
        if problems:
            key, problem = next(iter(problems.items()))
            raise error(400, f"{key} {problem}")
        return body

    @staticmethod
    def _app_shown(auth_id: str, app: Mapping[str, Any]) -> dict[str, Any]:
        return ApplicationBook.shown(app, auth_id, sip_domain=SIP_DOMAIN)

    @route("POST", "/v1/Account/{auth_id}/Application/")
    def create_application(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        app = self.apps(auth_id).add(self._app_body(request, creating=True))
        return reply({"app_id": app["app_id"], "message": "created"}, 201)

    @route("GET", "/v1/Account/{auth_id}/Application/")
    def list_applications(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        name = request.arg("app_name")
        apps = [
            a for a in self.apps(auth_id).apps.values() if name is None or a["app_name"] == name
        ]
        page, meta = offset_page(
            request, apps, max_limit=PAGE_LIMIT, refuse=lambda w: error(400, w)
        )
        return reply({"meta": meta, "objects": [self._app_shown(auth_id, a) for a in page]})

    @route("GET", "/v1/Account/{auth_id}/Application/{app_id}/")
    def get_application(self, request: EmuRequest, auth_id: str, app_id: str) -> EmuResponse:
        return reply(self._app_shown(auth_id, self._app(auth_id, app_id)))

    @route("POST", "/v1/Account/{auth_id}/Application/{app_id}/")
    def update_application(self, request: EmuRequest, auth_id: str, app_id: str) -> EmuResponse:
        self._app(auth_id, app_id).update(self._app_body(request, creating=False))
        return reply({"message": "changed"}, 202)

    @route("DELETE", "/v1/Account/{auth_id}/Application/{app_id}/")
    def delete_application(self, request: EmuRequest, auth_id: str, app_id: str) -> EmuResponse:
        self._app(auth_id, app_id)
        del self.apps(auth_id).apps[app_id]
        for record in self._numbers(auth_id).values():
            if record["app_id"] == app_id:
                record["app_id"] = None
        return empty(204)

    # The account's numbers.

    def _numbers(self, auth_id: str) -> dict[str, dict[str, Any]]:
        numbers: dict[str, dict[str, Any]] = self.accounts[auth_id]["numbers"]
        return numbers

    def _add(
        self, auth_id: str, digits: str, *, added_on: str, app_id: str | None
    ) -> dict[str, Any]:
        country = self.inventory.country("+" + digits)
        self.inventory.hold("+" + digits, auth_id)
        record = {
            "number": digits,
            "alias": None,
            "app_id": app_id,
            "added_on": added_on,
            "city": None,
            "region": None,
            "country": COUNTRY_NAMES.get(country or "", country),
            "number_type": "local",
        }
        self._numbers(auth_id)[digits] = record
        return record

    def _routing(self, auth_id: str, body: Mapping[str, Any]) -> str | None:
        """The `app_id` a number gets: the one sent (an application of the account or an
        inbound trunk), else the account's `default_number_app`."""
        if "app_id" not in body:
            return self.apps(auth_id).default_for("default_number_app")
        app_id = body["app_id"]
        if not isinstance(app_id, str) or (
            app_id not in self.apps(auth_id).apps and app_id not in TRUNKS
        ):
            raise error(400, _NOT_AN_APP)
        return app_id

    def _number_shown(self, auth_id: str, record: Mapping[str, Any]) -> dict[str, Any]:
        target = record["app_id"]
        trunk = target in TRUNKS
        shown = {
            "added_on": record["added_on"],
            "active": True,
            "alias": record["alias"],
            "application": None
            if target is None or trunk
            else f"/v1/Account/{auth_id}/Application/{target}/",
            "carrier": "Plivo",
            "city": record["city"],
            "cnam_lookup": "enabled",
            "compliance_application_id": None,
            "compliance_status": None,
            "country": record["country"],
            "monthly_rental_rate": "0.80000",
            "number": record["number"],
            "number_type": record["number_type"],
            "region": record["region"],
            "renewal_date": record["added_on"],
            "resource_uri": f"/v1/Account/{auth_id}/Number/{record['number']}/",
            "sms_enabled": True,
            "sms_rate": "0.00000",
            "mms_enabled": False,
            "mms_rate": "0.00000",
            "sub_account": None,
            "tendlc_campaign_id": None,
            "tendlc_registration_status": "UNREGISTERED",
            "toll_free_sms_verification": None,
            "voice_enabled": True,
            "voice_rate": "0.00850",
        }
        if trunk:
            shown |= {"object_type": "trunk", "object_id": target}
        return shown

    def _held(self, auth_id: str, number: str) -> dict[str, Any]:
        record = self._numbers(auth_id).get(number)
        if record is None:
            raise error(404, "not found")
        return record

    @route("GET", "/v1/Account/{auth_id}/Number/")
    def list_numbers(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        prefix, alias, kind = (
            request.arg("number_startswith"),
            request.arg("alias"),
            request.arg("type"),
        )
        numbers = [
            record
            for digits, record in self._numbers(auth_id).items()
            if (prefix is None or digits.startswith(prefix))
            and (alias is None or record["alias"] == alias)
            and (kind is None or record["number_type"] == kind)
        ]
        page, meta = offset_page(
            request, numbers, max_limit=PAGE_LIMIT, refuse=lambda w: error(400, w)
        )
        return reply({"meta": meta, "objects": [self._number_shown(auth_id, r) for r in page]})

    @route("GET", "/v1/Account/{auth_id}/Number/{number}/")
    def get_number(self, request: EmuRequest, auth_id: str, number: str) -> EmuResponse:
        return reply(self._number_shown(auth_id, self._held(auth_id, number)))

    @route("POST", "/v1/Account/{auth_id}/Number/{number}/")
    def update_number(self, request: EmuRequest, auth_id: str, number: str) -> EmuResponse:
        record = self._held(auth_id, number)
        body = self.body(request, _NUMBER_KEYS)
        if body.pop("number", number) != number:  # plivo-python repeats it
            raise error(400, "number is not the number of the path")
        if "alias" in body and not isinstance(body["alias"], str):
            raise error(400, "alias must be a string")
        if body.get("cnam_lookup", "enabled") not in ("enabled", "disabled"):
            raise error(400, "cnam_lookup must be enabled or disabled")
        record["app_id"] = self._routing(auth_id, body)
        if "alias" in body:
            record["alias"] = body["alias"]
        return reply({"message": "changed"}, 202)

    @route("DELETE", "/v1/Account/{auth_id}/Number/{number}/")
    def delete_number(self, request: EmuRequest, auth_id: str, number: str) -> EmuResponse:
        self._held(auth_id, number)
        del self._numbers(auth_id)[number]
        self.inventory.release("+" + number)
        return empty(204)

    # Numbers for sale.

    @route("GET", "/v1/Account/{auth_id}/PhoneNumber/")
    def search_numbers(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        country = request.arg("country_iso")
        if not country:
            raise error(400, "country_iso is required")
        kind = _SEARCH_KINDS.get(request.arg("type") or "any")
        pattern = request.arg("pattern")
        if kind is None or (pattern is not None and not pattern.isdigit()):
            raise error(
                400, "type must be fixed, local, mobile, tollfree, national or any; pattern digits"
            )
        try:
            limit = int(request.arg("limit") or PAGE_LIMIT)
            offset = int(request.arg("offset") or 0)
        except ValueError:
            raise error(400, "limit and offset must be whole numbers") from None
        if not 1 <= limit <= PAGE_LIMIT or offset < 0:
            raise error(400, f"limit must be 1 to {PAGE_LIMIT}, offset 0 or more")
        offers = self.inventory.offers(country.upper(), area_code=pattern, number_type=kind)
        found = list(itertools.islice(offers, offset, offset + limit + 1))
        page, more = found[:limit], len(found) > limit
        query = request.path + f"?country_iso={country}&limit={limit}"
        meta = {
            "limit": limit,
            "next": f"{query}&offset={offset + limit}" if more else None,
            "offset": offset,
            "previous": f"{query}&offset={max(0, offset - limit)}" if offset else None,
            "total_count": offset + len(page) + (1 if more else 0),
        }
        objects = [self._offer(auth_id, number, country.upper(), kind) for number in page]
        return reply({"meta": meta, "objects": objects})

    @staticmethod
    def _offer(auth_id: str, number: str, country: str, kind: str) -> dict[str, Any]:
        digits = number[1:]
        shown_type, sub_type = _SHOWN_KINDS[kind]
        return {
            "number": digits,
            "prefix": digits[1:4],
            "city": None,
            "country": COUNTRY_NAMES.get(country, country).upper(),
            "region": COUNTRY_NAMES.get(country, country),
            "rate_center": None,
            "lata": None,
            "type": shown_type,
            "sub_type": sub_type,
            "setup_rate": "0.00000",
            "monthly_rental_rate": "0.80000",
            "sms_enabled": True,
            "sms_rate": "0.00800",
            "voice_enabled": True,
            "voice_rate": "0.00500",
            "restriction": None,
            "restriction_text": None,
            "resource_uri": f"/v1/Account/{auth_id}/PhoneNumber/{digits}/",
        }

    @route("POST", "/v1/Account/{auth_id}/PhoneNumber/{number}/")
    def buy_number(self, request: EmuRequest, auth_id: str, number: str) -> EmuResponse:
        body = self.body(request, frozenset({"app_id", "number"}))  # plivo-python sends both
        if body.pop("number", number) != number:
            raise error(400, "number is not the number of the path")
        if not (number.isdigit() and 7 <= len(number) <= 15 and not number.startswith("0")):
            raise error(400, "number must be the digits of a phone number")
        if self.inventory.holder("+" + number) is not None:
            raise error(404, "number is not available for purchase")
        app_id = self._routing(auth_id, body)
        self._add(auth_id, number, added_on=self.today(), app_id=app_id)
        country = self.inventory.country("+" + number)
        status = "pending" if country in VERIFIED else "Success"
        numbers = [{"number": number, "status": status}]
        return reply({"message": "created", "numbers": numbers, "status": "fulfilled"}, 201)
