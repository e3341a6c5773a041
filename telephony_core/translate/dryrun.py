"""Dry runs: the vendor requests a neutral call would send, with nothing sent.

A plan is run against no network. Each request it yields is recorded; the plan only goes
on when its provider can stand in for the reply (`Resource.dry_run_reply`, e.g. a read in a
read-modify-write answered with placeholders), so the write that depends on a read is shown
too. Requests are rendered as JSON-ready dicts or curl command lines, secrets masked.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from telephony_core.errors import TelephonyError, UnsupportedOperation
from telephony_core.secret import MASK
from telephony_core.translate.operations import Preparer
from telephony_core.translate.provider import Provider
from telephony_core.translate.wire import Plan, WireRequest, WireResponse


@attrs.frozen
class DryRun:
    """The requests of one neutral call (for `list`, its first page).

    `complete` is False when the call stopped at a read whose reply the dry run cannot know
    and later requests depend on it (they are then not listed).
    """

    requests: tuple[WireRequest, ...]
    complete: bool
    #: Stand-in values in the requests -> what to show instead (see `Resource.dry_run_reply`).
    placeholders: Mapping[str, str] = attrs.field(factory=dict)


def record(plan: Plan[Any], reply: Callable[[WireRequest], WireResponse | None]) -> DryRun:
    """Run `plan` without I/O; `reply` stands in for the vendor, or returns None to stop.

    What the plan raises before its first request (invalid input) is raised, as by the real
    call; a stand-in reply that does not satisfy the plan ends the dry run incomplete.
    """
    requests: list[WireRequest] = []
    try:
        request = next(plan)
    except StopIteration:
        return DryRun((), complete=True)
    try:
        while True:
            requests.append(request)
            response = reply(request)
            if response is None:
                plan.close()
                return DryRun(tuple(requests), complete=False)
            request = plan.send(response)
    except StopIteration:
        return DryRun(tuple(requests), complete=True)
    except TelephonyError:
        if not requests:  # refused before any request (a bad id or scope): as a call would
            raise
        # The stand-in reply did not satisfy the plan: what was recorded is what we know.
        return DryRun(tuple(requests), complete=False)


def preview(
    provider: Provider,
    resource: str,
    operation: str,
    id: str | None = None,
    /,
    *,
    tenant: str | None = None,
    owner: str | None = None,
    drop_unsupported: bool = False,
    **fields: Any,
) -> DryRun:
    """The requests `client.<resource>.<operation>(...)` would send, validated as for real.

    Invalid input raises exactly as the real call would. For `list` and `search`, the first
    page.
    """
    prep = Preparer(provider, resource, drop_unsupported=drop_unsupported)
    needs_id = operation in ("get", "update", "delete")
    if needs_id and id is None:
        raise TypeError(f"{resource}.{operation} needs an id")
    if not needs_id and id is not None:
        raise TypeError(f"{resource}.{operation} takes no id")
    plan: Plan[Any]
    if operation == "get":
        plan = prep.get(str(id), tenant, owner)
    elif operation == "update":
        plan = prep.update(str(id), tenant, owner, fields)
    elif operation == "delete":
        plan = prep.delete(str(id), tenant, owner)
    elif operation == "create":
        plan = prep.create(tenant, owner, fields)
    elif operation == "count":
        plan = prep.count(tenant, owner)
    elif operation == "list":
        page_size = fields.pop("page_size", None)
        adapter, scope = prep.list_page(tenant, owner, page_size)
        plan = adapter.plan_list(scope, None, page_size)
    elif operation == "search":
        adapter, scope, query = prep.search(tenant, owner, fields)
        plan = adapter.plan_search(query, scope, None)
    else:
        raise UnsupportedOperation(f"no operation {operation!r}", provider=provider.name)
    adapter = prep.adapter(operation)
    result = record(plan, lambda request: adapter.dry_run_reply(request, id))
    result = attrs.evolve(result, placeholders=adapter.dry_run_placeholders)
    reads = ("get", "list", "count", "search")
    if not result.complete and (operation in reads or result.requests[-1].method != "GET"):
        # Stopped at a read of a read, or at a write: nothing later depends on the reply.
        result = attrs.evolve(result, complete=True)
    return result


def _shown(request: WireRequest, text: str, placeholders: Mapping[str, str]) -> str:
    text = request.redactor.text(text)
    for value, shown in placeholders.items():
        text = text.replace(value, shown)
    return text


def _masked_headers(request: WireRequest, placeholders: Mapping[str, str]) -> dict[str, str]:
    return {
        k: (MASK if v in request.secrets else _shown(request, v, placeholders))
        for k, v in request.headers.items()
    }


def _masked_body(request: WireRequest, placeholders: Mapping[str, str]) -> Any:
    if request.body is None:
        return None
    text = _shown(request, request.body.decode("utf-8", "replace"), placeholders)
    if request.headers.get("Content-Type") == "application/json":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def as_dict(request: WireRequest, placeholders: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`{"method", "url", "headers", "body"}` with secrets masked (JSON bodies parsed) and
    stand-in values shown as their `placeholders`."""
    placeholders = placeholders or {}
    return {
        "method": request.method,
        "url": _shown(request, request.url, placeholders),
        "headers": _masked_headers(request, placeholders),
        "body": _masked_body(request, placeholders),
    }


def as_curl(request: WireRequest, placeholders: Mapping[str, str] | None = None) -> str:
    """A curl command line for the request, secrets masked, stand-ins as placeholders."""
    placeholders = placeholders or {}
    parts = ["curl", "-X", request.method, _shown(request, request.url, placeholders)]
    for name, value in _masked_headers(request, placeholders).items():
        parts += ["-H", f"{name}: {value}"]
    if request.body is not None:
        parts += ["--data", _shown(request, request.body.decode("utf-8", "replace"), placeholders)]
    return shlex.join(parts)
