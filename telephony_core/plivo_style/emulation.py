"""For the emulators of Plivo-style APIs: the page a listing request asks for, as such APIs
answer it (`limit`/`offset` in, `meta` with the total and the neighbouring pages' links out),
and an account's applications (`ApplicationBook`, `application_problems`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

from telephony_core.sandbox import EmuRequest

T = TypeVar("T")


def offset_page(
    request: EmuRequest,
    items: Sequence[T],
    *,
    max_limit: int,
    refuse: Callable[[str], Exception],
    default_limit: int = 20,
    total_key: str = "total_count",
    links: bool = True,
) -> tuple[list[T], dict[str, Any]]:
    """The items of the page `request` asks for, and the `meta` that describes it.

    `limit` (1 to `max_limit`, default `default_limit`) and `offset` (from 0) come from the
    query; `refuse(message)` is raised for any other value. `meta` holds the limit, the
    offset, the total under `total_key` and, with `links`, the `next` and `previous` pages'
    paths with their query (null at either end).
    """
    try:
        limit = int(request.arg("limit") or default_limit)
        offset = int(request.arg("offset") or 0)
    except ValueError:
        raise refuse("limit and offset must be whole numbers") from None
    if not 1 <= limit <= max_limit or offset < 0:
        raise refuse(f"limit must be 1 to {max_limit}, offset 0 or more")
    meta: dict[str, Any] = {"limit": limit, "offset": offset, total_key: len(items)}
    if links:

        def link(start: int) -> str:
            return f"{request.path}?limit={limit}&offset={start}"

        more = offset + limit < len(items)
        meta["next"] = link(offset + limit) if more else None
        meta["previous"] = link(max(0, offset - limit)) if offset else None
    return list(items[offset : offset + limit]), meta


#: The URL keys of an application, the methods that go with them, and its two flags.
APPLICATION_URLS = ("answer_url", "hangup_url", "fallback_answer_url", "message_url")
APPLICATION_METHODS = ("answer_method", "hangup_method", "fallback_method", "message_method")
APPLICATION_FLAGS = ("default_number_app", "default_endpoint_app")
#: Every application key the emulators accept in a create (a vendor may take fewer).
APPLICATION_KEYS = frozenset(
    {"app_name", *APPLICATION_URLS, *APPLICATION_METHODS, *APPLICATION_FLAGS}
)


def application_problems(body: Mapping[str, Any], *, creating: bool) -> dict[str, str]:
    """What both vendors refuse in an application's create or update body, by key: a
    create without `app_name` or `answer_url`; a name that is not text; a URL that is not an
    absolute http(s) URL; a method other than GET and POST; a flag that is not a boolean."""
    problems: dict[str, str] = {}
    if creating:
        problems |= {key: "is required" for key in ("app_name", "answer_url") if key not in body}
    name = body.get("app_name", "x")
    if not isinstance(name, str) or not name.strip():
        problems["app_name"] = "must be a non-empty string"
    for key in APPLICATION_URLS:
        value = body.get(key)
        if value is not None and not (
            isinstance(value, str) and urlsplit(value).scheme in ("http", "https")
        ):
            problems[key] = "must be an http or https URL"
    for key in APPLICATION_METHODS:
        if key in body and body[key] not in ("GET", "POST"):
            problems[key] = "must be GET or POST"
    for key in APPLICATION_FLAGS:
        if key in body and not isinstance(body[key], bool):
            problems[key] = "must be true or false"
    return problems


class ApplicationBook:
    """The applications of one account as Plivo-style APIs keep them, by `app_id`: new ids
    counted up from `first_id`; `answer_method` and the other methods default to POST, the
    `hangup_url` to the `answer_url` (both vendors' Create an Application)."""

    def __init__(self, first_id: int) -> None:
        self.apps: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(first_id)

    def add(
        self, body: Mapping[str, Any], *, app_id: str | None = None, now: str | None = None
    ) -> dict[str, Any]:
        """A new application from a checked create body (`application_problems`)."""
        app_id = app_id or str(next(self._ids))
        app: dict[str, Any] = {
            "app_id": app_id,
            "app_name": body["app_name"],
            **dict.fromkeys(APPLICATION_URLS),
            **dict.fromkeys(APPLICATION_METHODS, "POST"),
            **dict.fromkeys(APPLICATION_FLAGS, False),
            "hangup_url": body.get("hangup_url", body["answer_url"]),
            "created_at": now,
            "updated_at": now,
        }
        app.update({key: body[key] for key in APPLICATION_KEYS if key in body})
        self.apps[app_id] = app
        return app

    def default_for(self, flag: str) -> str | None:
        """The first application whose `flag` (`default_number_app`, `default_endpoint_app`)
        is set: what a new number or endpoint created without one gets."""
        return next((app_id for app_id, app in self.apps.items() if app[flag]), None)

    @staticmethod
    def shown(app: Mapping[str, Any], auth_id: str, *, sip_domain: str) -> dict[str, Any]:
        """An application as both vendors' reads and listings show it (each vendor adds its
        own keys: Vobiz its timestamps and `default_number_app`)."""
        shown = {
            key: app[key] for key in ("app_id", "app_name", *APPLICATION_URLS, *APPLICATION_METHODS)
        }
        return shown | {
            "default_app": False,
            "default_endpoint_app": app["default_endpoint_app"],
            "enabled": True,
            "public_uri": False,
            "sip_uri": f"sip:{app['app_id']}@{sip_domain}",
            "sub_account": None,
            "resource_uri": f"/v1/Account/{auth_id}/Application/{app['app_id']}/",
        }
