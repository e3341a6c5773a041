"""The conformance suite: what every provider plugin must pass, checked through its emulator.

A plugin runs it by adding one test module::

    from telephony_core.testing.conformance import ConformanceSuite

    class TestAcmeConformance(ConformanceSuite):
        provider = "acme"

(without `provider`, the `telephony_provider` marker or ini option names it). For every
resource, operation and field the provider declares (`Resource.operations`, the settable fields
of its `FieldMap`, its `extra_keys`), one test each checks:

- operations: each operation works on the emulator (get; list, also in pages of one, with at
  least `LISTED_AT_LEAST` items: one is created where the seeded state has fewer, and a
  listing that stops after a page or ignores the page size fails; count; create with every
  sample; update with every sample, then get; delete, then get is NotFound; a number search
  yields offers of the country asked, none the account holds, and the first can be bought;
  `find` by the example's natural key returns it, by a key nobody has None). Of fields one
  call cannot set together (a number's routes, `models.EXCLUSIVE_FIELDS`) one is sent;
- round_trips: each settable field and vendor key: update (or create) returns the value, and a
  get returns it too unless the resource declares the field `write_only`;
- unsupported: each neutral field the provider does not declare raises `UnsupportedField`, an
  unknown vendor key in `extra` a `ValidationError`, an undeclared operation
  `UnsupportedOperation`, all before any request is sent;
- vendor_errors: an unknown id is `NotFound` on the emulator, each error status becomes its
  typed error, and a malformed reply a `TelephonyError` (never a KeyError or the like);
- path_safety: ids and scopes with `/`, `..`, `?`, `#` or `%` are refused before sending;
- fuzzed_replies (property-based, hypothesis): each operation, answered by replies no vendor
  documents (any status; empty, binary, HTML, truncated, deeply nested, huge bodies; the
  emulator's own replies truncated or with a value of the wrong type; bodies echoing the
  client's secrets in any spelling: percent-encoded in either case, JSON escapes, HTML
  references, base64; the emulator's replies with a secret under a key no vendor documents),
  raises nothing but a `TelephonyError`, ends within `MAX_FUZZED_REQUESTS` requests, and no
  secret of the client, in the spelling it was echoed in, shows in the exception (str, repr,
  args, body excerpt, field errors) or in the result;
- reply_size (property-based): each operation, its replies measured against a client's
  `max_reply_bytes` set around their size, reads them when they fit and otherwise stops at
  the first that does not, with a `ProviderError` that says so (no later request is sent);
- hostile_ids (property-based): any text as the id or a scope (`/`, `..`, `%2e`, control
  characters, lone surrogates, 70,000 characters, ...) never changes the path of a request
  sent to the emulator and never raises anything but a `TelephonyError`;
- secrets: every auth header that carries a credential is a `Secret` (`provider.auth_headers`);
  no credential or secret sample, in any encoding (percent-encoded, JSON-escaped, base64, and
  a credential as HTTP Basic `user:secret`), reaches a repr, a DEBUG log record, a dry run, an
  exception (also when the vendor echoes the request in its error) or a recorded cassette; and
  a token-like value of a secret-named key in the emulator's replies (`api_token`,
  `sip_secret`, ...) never shows in clear in the result (its repr, or `extra`);
- scopes: a `tenant=` / `owner=` the resource does not declare in `Resource.scopes` is a
  `TypeError` naming it, before anything is sent; one it declares changes the requests (a
  plan that ignores it would apply the call elsewhere than asked);
- fleet: a resource that can be created can be planned from a record: its natural key is
  settable at create, a password it takes at create is generated from its `password_policy`,
  a record of the samples plans `create`, applies, and then plans `unchanged`;
- cassettes: the emulator answers the requests of each recorded cassette as recorded
  (`emulator_mismatches`). Everything else runs against the emulator, which the plugin's
  author wrote from the same reading of the vendor's documents: a key mapped wrongly in the
  plugin and the emulator alike passes every other check. Only cassettes recorded from the
  real vendor catch it; without any, the suite says so (a skip, and its summary line).

Vendor errors also read the vendor's message: when the emulator's documented error body for
an unknown id or wrong credentials holds one, the typed error shows it.

What the suite sends comes from the emulator's declarations: `examples` (an id per resource
that the seeded state holds), `samples` (a valid value per settable field, different from the
example's; a `Sample` adds the fields the vendor needs with it) and `unknown_ids`. A failure
names the provider, the call and the field, e.g.
`sipbx devices.update('1001a', srtp=...) then get: expected 'required', got 'off'`.
`checks(provider)` gives the same checks without pytest (`cassettes=Cassettes(...)` says
where the recorded cassettes are). The property checks try
`PROPERTY_EXAMPLES` cases each (`ConformanceSuite.property_examples`), reproducibly (a fixed
seed, no example database); `PROPERTY_CASES` counts the cases tried in this process, by kind.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, unquote_to_bytes

import attrs
import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from telephony_core import fleet
from telephony_core.client import Client
from telephony_core.errors import (
    AuthenticationError,
    Conflict,
    NotFound,
    PermissionDenied,
    ProviderError,
    RateLimited,
    ServerError,
    TelephonyError,
    UnsupportedField,
    UnsupportedOperation,
    ValidationError,
)
from telephony_core.models import (
    EXCLUSIVE_FIELDS,
    RESOURCE_MODELS,
    SCOPE,
    AvailableNumber,
    Model,
    NumberSearch,
    calling_code,
)
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import Registry, get_registry
from telephony_core.sandbox import Emulator, Sample
from telephony_core.secret import Secret
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches, vcr_config
from telephony_core.testing.clients import isolated_client
from telephony_core.testing.scrub import Scrubber
from telephony_core.testing.strategies import FuzzedReply, hostile_segments, replies
from telephony_core.translate.capabilities import OPERATIONS, RESOURCES, operations_of
from telephony_core.translate.changes import (
    changeable_fields,
    coerce_field,
    fields_of,
    non_optional,
    to_plain,
)
from telephony_core.translate.dryrun import as_curl, as_dict
from telephony_core.translate.provider import Provider, Resource
from telephony_core.translate.redaction import (
    MIN_SECRET_LENGTH,
    Redactor,
    basic_forms,
    credential_secrets,
    encodings,
    is_secret_key,
)

if TYPE_CHECKING:
    import pytest

KINDS = (
    "operations",
    "round_trips",
    "unsupported",
    "vendor_errors",
    "path_safety",
    "fuzzed_replies",
    "reply_size",
    "hostile_ids",
    "secrets",
    "scopes",
    "fleet",
    "cassettes",
)
#: Cases each property check tries (hypothesis examples): enough to find the known escapes,
#: few enough for CI.
PROPERTY_EXAMPLES = 40
#: The most requests one call may send to fuzzed replies (a listing that never ends fails).
MAX_FUZZED_REQUESTS = 20
#: How many cases the property checks tried in this process, by kind.
PROPERTY_CASES: Counter[str] = Counter()
#: Ids and scopes that would change the request path if put in it unchecked.
HOSTILE_SEGMENTS = ("a/b", "../a", "..", "a?b=c", "a#b", "a%2Fb")
#: Each vendor error status and the typed error it must become.
ERROR_STATUSES: Mapping[int, type[TelephonyError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
    500: ServerError,
    503: ServerError,
}
#: Success replies no vendor documents: a plan may accept them or raise a `TelephonyError`.
MALFORMED_BODIES = (b"", b"<html>Bad gateway</html>", b"null", b"[]", b"{}", b'{"truncated": ')
UNKNOWN_EXTRA_KEY = "conformance-unknown-key"
#: How many items a listing must hold (the emulator's seeded ones, plus one created where the
#: resource has `create`) for the suite to see it go from page to page.
LISTED_AT_LEAST = 2
#: What the scope checks pass as `tenant=` / `owner=`: a valid path segment no account has.
SCOPE_SAMPLE = "conformance-scope"
#: Parts of a reply key's name that say it holds a secret, besides what
#: `redaction.is_secret_key` knows (which the core masks by itself).
_SECRET_NAME = re.compile(r"token|secret|passw(?:or)?d|pwd|api_?key|private_?key|signing_?key")
#: Last parts of such a name that say the value is about a secret, not the secret.
_ABOUT_A_SECRET = re.compile(
    r"[_-](?:at|date|time|expires|expiry|type|url|uri|id|sid|name|policy|length|set|enabled)$"
)
#: The shortest value of a secret-named reply key that the suite takes for a token.
TOKEN_LIKE_LENGTH = 8
#: How many cassettes the suite replayed against each provider's emulator in this process
#: (0: the provider has none the suite could replay).
CASSETTES_REPLAYED: Counter[str] = Counter()
#: Why the emulator is checked against only what its author wrote, in the suite's words.
ONLY_RECORDED_CASSETTES = (
    "only cassettes recorded from the real vendor catch a field mapping that the plugin and "
    "its emulator agree on (docs/plugins.md, step 8)"
)
_EXTRA = "extra."
_MISSING = object()


class ConformanceError(AssertionError):
    """A conformance check failed; the message names the provider, the call and the field."""


class NotRecorded(Exception):
    """The emulator could not be checked against recorded cassettes (there are none, or the
    suite was told they are checked elsewhere): `ConformanceSuite` skips, saying why."""


@attrs.frozen(kw_only=True)
class Cassettes:
    """Where a provider's cassettes recorded from the vendor are, and how the suite replays
    them against its emulator (`telephony_core.testing.emulator_mismatches`).

    `folder`: None for the kit's place, `<rootdir>/<telephony_cassettes ini>/<provider>`
    (`cassettes/<provider>` outside pytest). `recorded_at`, `ignore_keys`, `unmask`: as for
    `emulator_mismatches`. `unchecked`: why the suite does not replay them, when another test
    checks the emulator against them in its own way.
    """

    folder: Path | None = None
    recorded_at: str | None = None
    ignore_keys: tuple[str, ...] = ()
    unmask: Mapping[str, str] = attrs.field(factory=dict)
    unchecked: str | None = None

    def files(self, provider: str) -> list[Path]:
        """The cassette files of `provider`, in name order."""
        folder = self.folder if self.folder is not None else Path("cassettes", provider)
        return sorted(folder.glob("*.yaml"))


@attrs.frozen
class Check:
    """One conformance check of one provider; `run()` raises `ConformanceError` on failure."""

    kind: str
    provider: str
    resource: str
    operation: str
    field: str | None
    run: Callable[[], None] = attrs.field(eq=False, repr=False)

    @property
    def id(self) -> str:
        """`resource.operation[.field]`, e.g. `devices.update.srtp`."""
        return ".".join(part for part in (self.resource, self.operation, self.field) if part)


@attrs.frozen
class _Call:
    """One neutral call, shown as in code with values elided (secrets never show)."""

    resource: str
    operation: str
    id: str | None = None
    arguments: Mapping[str, Any] = attrs.field(factory=dict)

    def __str__(self) -> str:
        shown = [repr(self.id)] if self.id is not None else []
        for name, value in self.arguments.items():
            if name == "extra" and isinstance(value, Mapping):
                shown.append("extra={" + ", ".join(f"{k!r}: ..." for k in value) + "}")
            else:
                shown.append(f"{name}=...")
        return f"{self.resource}.{self.operation}({', '.join(shown)})"

    def send(self, client: Client) -> Any:
        method = getattr(getattr(client, self.resource), self.operation)
        args = () if self.id is None else (self.id,)
        result = method(*args, **self.arguments)
        return list(result) if self.operation in ("list", "search") else result


class _Session:
    """A client of the provider on a fresh emulator (or on `reply`) that sees every request."""

    def __init__(
        self,
        name: str,
        emulator: Emulator,
        reply: Callable[[httpx.Request], httpx.Response],
        settings: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        self.requests: list[httpx.Request] = []
        self.replies: list[httpx.Response] = []
        self.spy = RequestRecorder()
        hooks = Registry()
        hooks.manager.register(self.spy)

        def handle(request: httpx.Request) -> httpx.Response:
            request.read()
            self.requests.append(request)
            response = reply(request)
            self.replies.append(response)
            return response

        # Each check is about how one reply is translated: the core's retries stay out of it.
        self.client = isolated_client(
            name,
            emulator.credentials if settings is None else settings,
            transport=httpx.MockTransport(handle),
            hooks=hooks,
            retries=0,
            **options,
        )


def _put(values: dict[str, Any], field: str, value: Any) -> None:
    """Set `field` (or the vendor key of `extra.<key>`) in call arguments."""
    if field.startswith(_EXTRA):
        values.setdefault("extra", {})[field.removeprefix(_EXTRA)] = value
    else:
        values[field] = value


def _read(model: Model, field: str) -> Any:
    if field.startswith(_EXTRA):
        return model.extra.get(field.removeprefix(_EXTRA))
    return getattr(model, field, None)


def _values(value: object) -> dict[str, Any]:
    """The fields of a model by name (nothing for other values)."""
    if not attrs.has(type(value)):
        return {}
    return {name: getattr(value, name) for name in fields_of(type(value))}


def _show(value: Any) -> str:
    return repr(value.value) if isinstance(value, Enum) else repr(value)


def secret_named(key: str, declared: frozenset[str] = frozenset()) -> bool:
    """Whether a reply key's name says it holds a secret: one `redaction.is_secret_key`
    knows (the built-in names and the vendor's `declared` ones), or a name with token, secret, password, api_key, ... in it (`apiToken` read as
    `api_token`), unless its last part says it is about one (`token_expires_at`)."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()
    if is_secret_key(name, declared) or is_secret_key(key, declared):
        return True
    return _SECRET_NAME.search(name) is not None and _ABOUT_A_SECRET.search(name) is None


def _token_like(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) >= TOKEN_LIKE_LENGTH
        and not any(c.isspace() for c in value)
        and not value.startswith(("http://", "https://", "/"))
    )


def secret_reply_values(body: object, declared: frozenset[str] = frozenset()) -> dict[str, str]:
    """The token-like values of secret-named keys (built-in names, and the vendor's
    `declared` secret keys) anywhere in a JSON reply: value -> key."""
    found: dict[str, str] = {}
    nodes = [body]
    while nodes:
        node = nodes.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if secret_named(str(key), declared) and _token_like(value):
                    found.setdefault(value, str(key))
                nodes.append(value)
        elif isinstance(node, list):
            nodes.extend(node)
    return found


def _plain_texts(value: object) -> Iterator[str]:
    """Every plain string in `value` (a model's `extra`), at any depth; never a `Secret`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _plain_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _plain_texts(item)


def _messages(body: bytes) -> list[str]:
    """What a person reads in a JSON error body: its texts of two words or more."""
    try:
        data = json.loads(body)
    except ValueError:
        return []
    texts: list[str] = []
    nodes = [data]
    while nodes:
        node = nodes.pop(0)
        if isinstance(node, str) and len(node.split()) >= 2 and any(c.isalpha() for c in node):
            texts.append(node.strip())
        elif isinstance(node, Mapping):
            nodes.extend(node.values())
        elif isinstance(node, list):
            nodes.extend(node)
    return texts


def _sent(requests: list[httpx.Request]) -> list[tuple[str, str, bytes]]:
    return [(r.method, str(r.url), r.content) for r in requests]


def _reply(status: int, body: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, content=body, headers={"Retry-After": "1"})


def _echo(request: httpx.Request) -> httpx.Response:
    """A vendor that repeats everything it was sent in its error reply."""
    text = request.content.decode("utf-8", "replace")
    try:
        parsed = json.loads(text) if text else {}
        details = {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}
    except ValueError:
        details = dict(parse_qsl(text))
    details.update(parse_qsl(request.url.query.decode()))
    message = f"rejected {request.method} {request.url} {dict(request.headers)} {text}"
    return httpx.Response(400, json={"error": message, "details": details})


@contextmanager
def _log_records() -> Iterator[list[str]]:
    """Every log record emitted meanwhile, at DEBUG and up, as formatted text."""
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


class _Subject:
    """The provider under test: its classes, declarations, and the calls made from them."""

    def __init__(self, name: str) -> None:
        registry = get_registry()
        self.name = name
        self.provider_cls: type[Provider] = registry.provider(name)
        self.emulator_cls: type[Emulator] = registry.sandbox(name)

    def fail(self, message: str) -> ConformanceError:
        return ConformanceError(f"{self.name} {message}")

    def resource(self, resource: str) -> type[Resource[Any]]:
        return self.provider_cls.resource_types[resource]

    def operations(self, resource: str) -> frozenset[str]:
        return self.resource(resource).operations & frozenset(OPERATIONS)

    def example(self, resource: str) -> str:
        example = self.emulator_cls.examples.get(resource)
        if example is None:
            raise self.fail(
                f"{resource}: the emulator declares no example id (Emulator.examples[{resource!r}])"
            )
        return example

    def unknown_id(self, resource: str) -> str:
        return self.emulator_cls.unknown_ids.get(resource) or self.example(resource) + "0"

    def fields(self, resource: str, operation: str) -> list[str]:
        """The fields a write declares in the capabilities, vendor keys as `extra.<key>`."""
        capabilities = self.resource(resource).capabilities()
        neutral = sorted(capabilities.fields.get(operation, frozenset()) - {"extra"})
        keys = sorted(capabilities.extra_keys.get(operation, ()))
        return neutral + [_EXTRA + key for key in keys]

    def sample(self, resource: str, field: str) -> Sample:
        value = self.emulator_cls.samples.get(resource, {}).get(field, _MISSING)
        if value is _MISSING:
            raise self.fail(
                f"{resource}.{field}: the emulator declares no sample value "
                f"(Emulator.samples[{resource!r}][{field!r}])"
            )
        return value if isinstance(value, Sample) else Sample(value)

    def expected(self, resource: str, field: str) -> Any:
        """The sample of `field` as the neutral model holds it (normalised, wrapped)."""
        value = self.sample(resource, field).value
        if field.startswith(_EXTRA):
            return value
        try:
            return coerce_field(self.resource(resource).model, field, value)
        except ValidationError as exc:
            raise self.fail(f"{resource}.{field}: the sample is not a valid value: {exc}") from None

    def changes(self, resource: str, fields: list[str]) -> dict[str, Any]:
        """Call arguments for the samples of `fields` and the fields they require."""
        values: dict[str, Any] = {}
        required: dict[str, Any] = {}
        for field in fields:
            sample = self.sample(resource, field)
            _put(values, field, sample.value)
            for name, value in sample.requires.items():
                _put(required, name, value)
        for name, value in required.items():  # what a sample needs, unless sampled itself
            if name == "extra":
                values.setdefault("extra", {})
                for key, item in value.items():
                    values["extra"].setdefault(key, item)
            else:
                values.setdefault(name, value)
        return values

    def call(self, resource: str, operation: str, field: str | None = None) -> _Call:
        """The standard call of an operation: on the example, with every sample (of the
        fields one call may set together: the first of an exclusive group, or `field`); a
        search with the emulator's `number_search`."""
        if operation in ("get", "delete"):
            return _Call(resource, operation, self.example(resource))
        if operation in ("create", "update"):
            fields = self.compatible(resource, self.fields(resource, operation), field)
            id = self.example(resource) if operation == "update" else None
            return _Call(resource, operation, id, self.changes(resource, fields))
        if operation == "search":
            return _Call(resource, operation, None, dict(self.emulator_cls.number_search))
        return _Call(resource, operation)

    def compatible(self, resource: str, fields: list[str], keep: str | None = None) -> list[str]:
        """`fields` without those one call cannot set together (`models.EXCLUSIVE_FIELDS`:
        of a group, `keep` if it is one, else the first)."""
        group = EXCLUSIVE_FIELDS.get(self.resource(resource).model, ())
        chosen = keep if keep in group else next((f for f in fields if f in group), None)
        return [f for f in fields if f not in group or f == chosen]

    def session(
        self,
        reply: Callable[[httpx.Request], httpx.Response] | None = None,
        settings: Mapping[str, str] | None = None,
        **options: Any,
    ) -> _Session:
        """A client on a fresh emulator (or answered by `reply`), with the client `options`."""
        emulator = self.emulator_cls()
        return _Session(self.name, emulator, reply or emulator.handle, settings, **options)

    def send(self, session: _Session, call: _Call) -> Any:
        """Make the call; any failure is a `ConformanceError` naming it."""
        try:
            return call.send(session.client)
        except Exception as exc:
            raise self.fail(f"{call} failed on the sandbox: {type(exc).__name__}: {exc}") from exc

    def get(self, session: _Session, resource: str, id: str, after: _Call | None = None) -> Model:
        """Read one resource (after `call`, named in a failure)."""
        call = _Call(resource, "get", id)
        shown = f"{after} then {call}" if after else str(call)
        try:
            result = call.send(session.client)
        except Exception as exc:
            raise self.fail(f"{shown} failed on the sandbox: {type(exc).__name__}: {exc}") from exc
        return self.model(call, result, shown=shown)

    def model(self, call: _Call, result: Any, *, shown: str | None = None) -> Model:
        """`result`, which must be the resource's neutral model."""
        model = self.resource(call.resource).model
        if not isinstance(result, model):
            raise self.fail(f"{shown or call} returned {result!r}, expected a {model.__name__}")
        return result

    # The checks.

    def check_operation(self, resource: str, operation: str) -> None:
        session = self.session()
        call = self.call(resource, operation)
        result = self.send(session, call)
        if operation in ("get", "create", "update"):
            self.model(call, result)
        if operation == "get" and result.id != call.id:
            raise self.fail(f"{call} returned the {resource} {result.id!r}")
        if operation == "create" and "get" in self.operations(resource):
            self.get(session, resource, result.id, call)
        if operation == "list":
            self._check_listing(session, call, result)
        if operation == "count":
            self._check_count(session, call, result)
        if operation == "search":
            self._check_search(session, call, result)
        if operation == "update":
            self._check_update(session, call)
        if operation == "delete":
            self._check_delete(resource)

    def _check_listing(self, session: _Session, call: _Call, result: list[Any]) -> None:
        ids = [self.model(call, item).id for item in result]
        example = self.example(call.resource)
        if example not in ids:
            raise self.fail(f"{call} returned {ids!r}, without the example {example!r}")
        if len(ids) < LISTED_AT_LEAST and "create" in self.operations(call.resource):
            self.send(session, self.call(call.resource, "create"))  # one more page to fetch
            ids = [item.id for item in self.send(session, call)]
        if len(ids) < LISTED_AT_LEAST:
            raise self.fail(
                f"{call} returned {len(ids)} item(s); the suite needs at least "
                f"{LISTED_AT_LEAST} to see the listing's pages: seed more in the emulator's "
                "reset(), or declare create"
            )
        paged = _Call(call.resource, "list", None, {"page_size": 1})
        sent_before = len(session.spy.sent)
        paged_ids = [item.id for item in self.send(session, paged)]
        requests = len(session.spy.sent) - sent_before
        if paged_ids != ids:
            raise self.fail(
                f"{paged} returned {paged_ids!r}, but {call} returned {ids!r}: plan_list must "
                "return the cursor of the next page (Page.next) until the last"
            )
        if requests < len(ids) and self.resource(call.resource).paged_listing:
            raise self.fail(
                f"{paged} of {len(ids)} items sent {requests} request(s): plan_list must ask "
                "the vendor for page_size items a page (if the vendor's listing has no pages, "
                "declare Resource.paged_listing = False)"
            )

    def check_find(self, resource: str) -> None:
        """`find(key)` of the example's natural key returns the example; of a key no
        resource has (the example's with a "0" after it, where that is a valid value), None."""
        session = self.session()
        adapter = self.resource(resource)
        name, example = adapter.natural_key, self.example(resource)
        item: Model | None = None
        if "get" in self.operations(resource):
            item = self.get(session, resource, example)
        else:
            listing = _Call(resource, "list")
            listed = [self.model(listing, i) for i in self.send(session, listing)]
            item = next((i for i in listed if i.id == example), None)
        if item is None:
            raise self.fail(f"{resource}.list() does not hold the example {example!r}")
        key = _read(item, name)
        if key is None:
            raise self.fail(f"{resource}: the example {example!r} has no {name} (its natural key)")
        call = _Call(resource, "find", key)
        found = self.send(session, call)
        found_id = None if found is None else self.model(call, found).id
        if found_id != example:
            raise self.fail(f"{call} returned {found_id!r}, expected the example {example!r}")
        try:
            unknown = coerce_field(adapter.model, name, f"{key}0") if isinstance(key, str) else None
        except ValidationError:
            unknown = None
        if unknown is not None:
            call = _Call(resource, "find", unknown)
            if (found := self.send(session, call)) is not None:
                shown = getattr(found, "id", found)
                raise self.fail(f"{call} returned the {resource} {shown!r}, expected None")

    def _check_search(self, session: _Session, call: _Call, result: list[Any]) -> None:
        """Offers are `AvailableNumber`s of the country asked for, each once, at most
        `limit`, none a number the account holds; and the first can be bought."""
        query = NumberSearch(**call.arguments)
        if not result:
            raise self.fail(f"{call} found no numbers on the sandbox (its inventory is unbounded)")
        numbers = []
        for offer in result:
            if not isinstance(offer, AvailableNumber):
                raise self.fail(f"{call} yielded {offer!r}, expected an AvailableNumber")
            numbers.append(offer.number)
            code = "+" + (calling_code(query.country) or "") + (query.area_code or "")
            if offer.country not in (None, query.country) or not offer.number.startswith(code):
                raise self.fail(
                    f"{call} yielded {offer.number} ({offer.country}), not one of {code}..."
                )
        if len(set(numbers)) != len(numbers) or len(numbers) > query.limit:
            raise self.fail(f"{call} yielded {numbers!r}: more than limit, or repeated numbers")
        if "list" in self.operations(call.resource):
            listed = self.send(session, _Call(call.resource, "list"))
            held = {getattr(item, "number", None) for item in listed}
            if held & set(numbers):
                raise self.fail(
                    f"{call} offered numbers the account holds: {sorted(set(numbers) & held)}"
                )
        if "create" in self.operations(call.resource):
            buy = _Call(call.resource, "create", None, {"number": numbers[0]})
            bought = getattr(self.model(buy, self.send(session, buy)), "number", None)
            if bought != numbers[0]:
                raise self.fail(f"{buy} returned the number {bought!r}")

    def _check_count(self, session: _Session, call: _Call, result: Any) -> None:
        if isinstance(result, bool) or not isinstance(result, int) or result < 0:
            raise self.fail(f"{call} returned {result!r}, expected a count")
        if "list" in self.operations(call.resource):
            listed = len(self.send(session, _Call(call.resource, "list")))
            if listed != result:
                raise self.fail(f"{call} returned {result}, but list() gave {listed} items")

    def _check_update(self, session: _Session, call: _Call) -> None:
        if "get" not in self.operations(call.resource):
            return
        read = self.get(session, call.resource, self.example(call.resource), call)
        write_only = self.resource(call.resource).write_only
        fields = self.compatible(call.resource, self.fields(call.resource, "update"))
        for field in fields:
            expected = self.expected(call.resource, field)
            if field not in write_only and _read(read, field) != expected:
                raise self.fail(
                    f"{call} then get: {field} expected {_show(expected)}, "
                    f"got {_show(_read(read, field))}"
                )

    def _check_delete(self, resource: str) -> None:
        session = self.session()
        target = self.example(resource)
        if "create" in self.operations(resource):
            target = self.send(session, self.call(resource, "create")).id
        call = _Call(resource, "delete", target)
        result = self.send(session, call)
        if result is not None:
            raise self.fail(f"{call} returned {result!r}, expected None")
        if "get" in self.operations(resource):
            try:
                _Call(resource, "get", target).send(session.client)
            except NotFound:
                return
            except Exception as exc:
                raise self.fail(
                    f"{call} then get: expected NotFound, got {type(exc).__name__}: {exc}"
                ) from exc
            raise self.fail(f"{call} then get: expected NotFound, got the {resource} back")

    def check_round_trip(self, resource: str, operation: str, field: str) -> None:
        session = self.session()
        adapter = self.resource(resource)
        readable = "get" in adapter.operations and field not in adapter.write_only
        expected = self.expected(resource, field)
        if operation == "update":
            example = self.example(resource)
            if readable:
                before = _read(self.get(session, resource, example), field)
                if before == expected:
                    raise self.fail(
                        f"{resource}.{field}: the sample {_show(expected)} is the example's "
                        f"current value; declare one that differs (Emulator.samples)"
                    )
            call = _Call(resource, "update", example, self.changes(resource, [field]))
        else:
            call = self.call(resource, "create", field)
        result = self.model(call, self.send(session, call))
        shows_result = not (field.startswith(_EXTRA) and field in adapter.write_only)
        if shows_result and not adapter.matches(field, _read(result, field), expected):
            raise self.fail(
                f"{call} returned {field}={_show(_read(result, field))}, expected {_show(expected)}"
            )
        if readable:
            got = _read(self.get(session, resource, result.id, call), field)
            if not adapter.matches(field, got, expected):
                raise self.fail(f"{call} then get: expected {_show(expected)}, got {_show(got)}")

    def _refused_before_sending(
        self, call: _Call, expected: type[Exception], why: str
    ) -> Exception:
        session = self.session()
        try:
            call.send(session.client)
        except expected as exc:
            if session.requests:
                raise self.fail(f"{call} sent a request before refusing it ({why})") from exc
            return exc
        except Exception as exc:
            raise self.fail(
                f"{call} should raise {expected.__name__} ({why}), not {type(exc).__name__}: {exc}"
            ) from exc
        raise self.fail(f"{call} should raise {expected.__name__} ({why}), but it was sent")

    def check_unsupported_field(self, resource: str, operation: str, field: str) -> None:
        model = self.resource(resource).model
        arguments = {field: self._any_value(model, field)}
        id = self.example(resource) if operation == "update" else None
        call = _Call(resource, operation, id, arguments)
        error = self._refused_before_sending(
            call, UnsupportedField, f"{field} is not a declared {operation} field"
        )
        if isinstance(error, UnsupportedField) and error.field != field:
            raise self.fail(f"{call} raised UnsupportedField for {error.field!r}, not {field!r}")

    def check_unknown_extra_key(self, resource: str, operation: str) -> None:
        id = self.example(resource) if operation == "update" else None
        call = _Call(resource, operation, id, {"extra": {UNKNOWN_EXTRA_KEY: "x"}})
        error = self._refused_before_sending(call, ValidationError, "an undeclared vendor key")
        key = f"extra.{UNKNOWN_EXTRA_KEY}"
        if not isinstance(error, ValidationError) or key not in error.field_errors:
            raise self.fail(f"{call}: the ValidationError does not name {key}: {error}")

    def check_unsupported_operation(self, resource: str, operation: str) -> None:
        id = "conformance" if operation in ("get", "update", "delete") else None
        arguments = {"country": "US"} if operation == "search" else {}
        self._refused_before_sending(
            _Call(resource, operation, id, arguments),
            UnsupportedOperation,
            "not a declared operation",
        )

    @staticmethod
    def _any_value(model: type[Model], field: str) -> Any:
        """A value of the right type for any neutral field (what it is does not matter)."""
        type_ = non_optional(fields_of(model)[field].type)
        candidates: list[Any] = ["192.0.2.1", 1, True, {}, "US", "+14155550100"]
        candidates.append("https://example.com/conformance")
        if isinstance(type_, type) and issubclass(type_, Enum):
            candidates = [next(iter(type_))]
        for candidate in candidates:
            try:
                coerce_field(model, field, candidate)
            except ValidationError:
                continue
            return candidate
        raise ConformanceError(f"no valid value known for {model.__name__}.{field}")

    def check_not_found(self, resource: str, operation: str) -> None:
        unknown = self.unknown_id(resource)
        arguments: dict[str, Any] = {}
        if operation == "update":
            arguments = self.changes(resource, self.fields(resource, "update")[:1])
        call = _Call(resource, operation, unknown, arguments)
        try:
            call.send(self.session().client)
        except NotFound:
            return
        except Exception as exc:
            raise self.fail(
                f"{call} of an unknown id on the sandbox: expected NotFound, "
                f"got {type(exc).__name__}: {exc}"
            ) from exc
        raise self.fail(f"{call} of an unknown id on the sandbox: expected NotFound, got a result")

    def check_error_replies(self, resource: str, operation: str) -> None:
        call = self.call(resource, operation)
        for status, expected in ERROR_STATUSES.items():
            try:
                call.send(self.session(_reply(status, b'{"error": "conformance"}')).client)
            except expected:
                continue
            except Exception as exc:
                raise self.fail(
                    f"{call}: a {status} reply raised {type(exc).__name__}, expected "
                    f"{expected.__name__}: {exc}"
                ) from exc
            raise self.fail(f"{call}: a {status} reply gave a result, expected {expected.__name__}")
        for body in MALFORMED_BODIES:
            try:
                call.send(self.session(_reply(200, body)).client)
            except TelephonyError:
                continue
            except Exception as exc:
                raise self.fail(
                    f"{call}: a malformed 200 reply {body!r} raised {type(exc).__name__}: {exc} "
                    "(a malformed reply must be a TelephonyError)"
                ) from exc

    def path_inputs(self, resource: str, operation: str) -> list[str]:
        """What a caller puts in the request path: the id, the caller-chosen id of a create,
        the scope arguments (`tenant`, `owner`) the model has and the resource takes."""
        adapter = self.resource(resource)
        inputs = [
            name
            for name, f in fields_of(adapter.model).items()
            if f.metadata.get(SCOPE) and name in adapter.scopes
        ]
        if operation in ("get", "update", "delete"):
            inputs.append("the id")
        if operation == "create" and "id" in adapter.settable("create"):
            inputs.append("id")
        return inputs

    def check_path_safety(self, resource: str, operation: str) -> None:
        call = self.call(resource, operation)
        for hostile in HOSTILE_SEGMENTS:
            for where in self.path_inputs(resource, operation):
                if where == "the id":
                    variant = attrs.evolve(call, id=hostile)
                else:
                    variant = attrs.evolve(call, arguments={**call.arguments, where: hostile})
                self._refused_before_sending(variant, ValidationError, f"{where} is {hostile!r}")

    def _documented_replies(self, call: _Call) -> list[tuple[int, bytes]]:
        """The replies (status, body) the emulator answers `call` with: what fuzzed replies
        start from."""
        emulator = self.emulator_cls()
        replies: list[tuple[int, bytes]] = []

        def answer(request: httpx.Request) -> httpx.Response:
            response = emulator.handle(request)
            replies.append((response.status_code, response.content))
            return response

        self.send(self.session(answer), call)
        return replies

    def check_fuzzed_replies(self, resource: str, operation: str, examples: int) -> None:
        call = self.call(resource, operation)
        secrets = {**self._credentials(), **self._secret_samples(resource, call)}
        forms = self._leak_forms(secrets)
        documented = self._documented_replies(call)
        strategy = replies(
            [body for _, body in documented],
            sorted(set(secrets.values())),
            [status for status, _ in documented],
        )

        @_property_settings(examples)
        @given(strategy)
        def fuzz(fuzzed: list[FuzzedReply]) -> None:
            PROPERTY_CASES["fuzzed_replies"] += 1
            sent: list[httpx.Request] = []

            def answer(request: httpx.Request) -> httpx.Response:
                sent.append(request)
                if len(sent) > MAX_FUZZED_REQUESTS:
                    raise _Endless
                reply = fuzzed[min(len(sent), len(fuzzed)) - 1]
                return httpx.Response(reply.status, content=reply.body, headers=reply.headers)

            echoed = {
                spelled: "a secret as the reply spelled it" for r in fuzzed for spelled in r.echoed
            }
            try:
                result = call.send(self.session(answer).client)
            except _Endless:
                raise self.fail(
                    f"{call} did not end: more than {MAX_FUZZED_REQUESTS} requests, answered "
                    f"{fuzzed!r} (a listing that does not advance must stop)"
                ) from None
            except TelephonyError as exc:
                for where, text in _exception_texts(exc):
                    for form, label in {**forms, **echoed}.items():
                        if form in text:
                            raise self.fail(
                                f"{call}: {label} appears in {where} for the replies {fuzzed!r}"
                            ) from exc
            except Exception as exc:
                raise self.fail(
                    f"{call}: the replies {fuzzed!r} raised {type(exc).__name__}: {exc} "
                    "(every failure must be a TelephonyError)"
                ) from exc
            else:
                shown = f"{result!r} {result}"
                for spelled, label in echoed.items():
                    if spelled in shown:
                        raise self.fail(
                            f"{call}: {label} appears in the result for the replies {fuzzed!r} "
                            "(a reply value echoing a secret is kept as a Secret)"
                        )

        fuzz()

    def _measured_session(self, **options: Any) -> tuple[_Session, list[int]]:
        """A session on a fresh emulator, and the size of each reply it gets (in order)."""
        emulator = self.emulator_cls()
        lengths: list[int] = []

        def answer(request: httpx.Request) -> httpx.Response:
            response = emulator.handle(request)
            lengths.append(len(response.content))
            return response

        return self.session(answer, **options), lengths

    def check_reply_size(self, resource: str, operation: str, examples: int) -> None:
        call = self.call(resource, operation)
        session, sizes = self._measured_session()
        self.send(session, call)  # the sizes of the call's replies

        @_property_settings(examples)
        @given(st.integers(min_value=-300, max_value=300), st.sampled_from(range(len(sizes))))
        def measured(margin: int, which: int) -> None:
            PROPERTY_CASES["reply_size"] += 1
            limit = max(1, sizes[which] + margin)
            session, lengths = self._measured_session(max_reply_bytes=limit)
            over = None
            try:
                call.send(session.client)
            except ProviderError as exc:
                if "max_reply_bytes" not in str(exc):
                    raise self.fail(f"{call} with max_reply_bytes={limit}: {exc}") from exc
                over = exc
            except Exception as exc:
                raise self.fail(
                    f"{call} with max_reply_bytes={limit} (replies of {lengths} bytes) raised "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            too_large = [n for n in lengths if n > limit]
            if too_large and over is None:
                raise self.fail(
                    f"{call} with max_reply_bytes={limit} read a reply of {too_large[0]} bytes "
                    "(a reply over the cap is a ProviderError)"
                )
            if over is not None and (not too_large or lengths[-1] <= limit):
                raise self.fail(
                    f"{call} with max_reply_bytes={limit}: {over} for replies of {lengths} bytes "
                    "(the call must stop at the first reply over the cap, and only there)"
                )

        measured()

    def check_hostile_ids(self, resource: str, operation: str, where: str, examples: int) -> None:
        call = self.call(resource, operation)
        benign = self.session()
        self.send(benign, call)

        @_property_settings(examples)
        @given(hostile_segments())
        def attack(value: str) -> None:
            PROPERTY_CASES["hostile_ids"] += 1
            if where == "the id":
                variant = attrs.evolve(call, id=value)
            else:
                variant = attrs.evolve(call, arguments={**call.arguments, where: value})
            session = self.session()
            try:
                variant.send(session.client)
            except TelephonyError:
                pass
            except Exception as exc:
                raise self.fail(
                    f"{variant} with {where} = {value[:80]!r} raised {type(exc).__name__}: "
                    f"{exc} (every failure must be a TelephonyError)"
                ) from exc
            for hostile, expected in zip(session.requests, benign.requests, strict=False):
                if not _same_path_shape(hostile, expected, value):
                    raise self.fail(
                        f"{variant} with {where} = {value[:80]!r} changed the request path: "
                        f"{hostile.url.raw_path!r} instead of one like {expected.url.raw_path!r}"
                    )

        attack()

    def check_auth_headers(self) -> None:
        """Every header of `auth_headers()` that carries a credential is a `Secret`."""
        provider = self.session().client.provider
        forms = self._leak_forms(self._credentials())
        for header, value in provider.auth_headers().items():
            if isinstance(value, Secret):
                continue
            for form, label in forms.items():
                if form in value:
                    raise self.fail(
                        f"auth_headers()[{header!r}] carries {label} in a plain str: return the "
                        "value as a Secret, so that it is masked wherever a request shows "
                        "(telephony_core.translate.auth.basic_auth and bearer_auth make one)"
                    )

    def check_secrets(self, resource: str, operation: str) -> None:
        call = self.call(resource, operation)
        credentials = self._credentials()
        secrets = {**credentials, **self._secret_samples(resource, call)}
        texts: list[tuple[str, str]] = []
        with _log_records() as records:
            session = self.session()
            texts += self._dry_run_texts(session, call)
            result = self.send(session, call)
            echoing = self.session(_echo)
            try:
                call.send(echoing.client)
            except TelephonyError as exc:
                texts += [("the exception", str(exc)), ("the exception's repr", repr(exc))]
                texts += [("the exception's body excerpt", exc.body_excerpt or "")]
                texts += [("the exception's field errors", repr(getattr(exc, "field_errors", {})))]
        for item in result if isinstance(result, list) else [result]:
            for name, value in _values(item).items():
                if isinstance(value, Secret):
                    secrets[f"the {name} in the reply"] = value.reveal()
        texts += [("the client's repr", repr(session.client)), ("the result's repr", repr(result))]
        texts += [("the result's str", str(result))]
        sent = session.spy.sent + echoing.spy.sent
        texts += [("a WireRequest's repr", repr(request)) for request in sent]
        texts += [("a log record", record) for record in records]
        forms = self._leak_forms(secrets)
        for form, label in forms.items():
            for where, text in texts:
                if form in text:
                    raise self.fail(f"{call}: {label} appears in {where}")
        leaks = self._recorded_leaks(session, call, forms)
        if leaks:
            raise self.fail(f"{call}: the recorded cassette leaks: {'; '.join(leaks)}")

    def _dry_run_texts(self, session: _Session, call: _Call) -> list[tuple[str, str]]:
        """What a dry run of `call` shows (as curl and as JSON), by what to call each part."""
        dry = session.client.dry_run(call.resource, call.operation, call.id, **call.arguments)
        texts: list[tuple[str, str]] = []
        for request in dry.requests:
            texts.append(("the dry run's curl command", as_curl(request, dry.placeholders)))
            shown = as_dict(request, dry.placeholders)
            texts += [(f"the dry run's {name} header", v) for name, v in shown["headers"].items()]
            texts.append(("the dry run's URL", shown["url"]))
            texts.append(("the dry run's body", json.dumps(shown["body"])))
        return texts

    def _credentials(self) -> dict[str, str]:
        """The secret settings of the sandbox credentials, by what to call them."""
        return {
            f"the {s.name} setting": self.emulator_cls.credentials[s.name]
            for s in self.provider_cls.all_settings()
            if s.secret and self.emulator_cls.credentials.get(s.name)
        }

    def _leak_forms(self, secrets: Mapping[str, str]) -> dict[str, str]:
        """Each of `secrets` (by what to call it) in every form it may travel in (its
        `redaction.encodings`; a credential also in an HTTP Basic header, base64 of
        `user:secret` with each plain setting or none as the user) -> what to call that."""
        users = {
            f"the {s.name} setting": self.emulator_cls.credentials[s.name]
            for s in self.provider_cls.all_settings()
            if not s.secret and s.name != "base_url" and self.emulator_cls.credentials.get(s.name)
        }
        credentials = set(self._credentials().values())
        forms: dict[str, str] = {}
        for label, value in secrets.items():
            for form, encoding in encodings(value).items():
                shown = label if encoding == "as is" else f"{label} ({encoding})"
                if len(form) >= MIN_SECRET_LENGTH:
                    forms.setdefault(form, shown)
            if value not in credentials:
                continue
            pairs = {"": "", **{f"{user_label}:": user for user_label, user in users.items()}}
            for user_label, user in pairs.items():
                for form in basic_forms(user, value) | basic_forms(value, ""):
                    forms.setdefault(form, f"{label} (base64 of {user_label}secret, HTTP Basic)")
        return forms

    def _secret_samples(self, resource: str, call: _Call) -> dict[str, str]:
        """The secret values a call sends (secret fields, secret vendor keys), by name."""
        found: dict[str, str] = {}
        model = self.resource(resource).model
        scrubber = Scrubber.for_provider(self.provider_cls)
        for name, value in call.arguments.items():
            if name == "extra":
                for key, item in value.items():
                    if scrubber.is_secret_field(key) and isinstance(item, str):
                        found[f"the sample of extra.{key}"] = item
            elif name not in fields_of(model):  # an argument, not a field (a search's)
                continue
            elif non_optional(fields_of(model)[name].type) is Secret and isinstance(value, str):
                found[f"the sample of {name}"] = value
        return found

    def _recorded_leaks(
        self, session: _Session, call: _Call, forms: Mapping[str, str]
    ) -> list[str]:
        """Record the call with the kit's vcrpy settings (which know the credentials, as a
        recording run does) and return what the cassette gives away: secret headers, fields
        or parameters left unmasked, and any of the `forms` of the secrets."""
        import vcr

        credentials = credential_secrets(session.client.provider.config)
        settings = vcr_config(self.provider_cls, record_mode="all", secrets=credentials)
        with tempfile.TemporaryDirectory() as folder:
            cassette = Path(folder, "conformance.yaml")
            with vcr.VCR(**settings).use_cassette(str(cassette)):
                self.send(self.session(), call)
            raw = cassette.read_text()
            leaks = cassette_leaks(cassette, self.provider_cls)
        return leaks + [
            f"{label} appears in the file" for form, label in forms.items() if form in raw
        ]

    def check_error_messages(self, resource: str, operation: str) -> None:
        """The typed errors of the emulator's documented error replies (an unknown id, wrong
        credentials) show the message the reply holds."""
        cases: list[tuple[str, _Call, _Session]] = []
        if operation in ("get", "update", "delete"):
            arguments: dict[str, Any] = {}
            if operation == "update":
                arguments = self.changes(resource, self.fields(resource, "update")[:1])
            unknown = _Call(resource, operation, self.unknown_id(resource), arguments)
            cases.append(("an unknown id", unknown, self.session()))
        if operation in ("get", "list"):
            wrong = {
                name: value + "-wrong" if name in self._credential_names() else value
                for name, value in self.emulator_cls.credentials.items()
            }
            call = self.call(resource, operation)
            cases.append(("wrong credentials", call, self.session(settings=wrong)))
        for what, call, session in cases:
            try:
                call.send(session.client)
            except TelephonyError as exc:
                self._check_message(what, call, session, exc)
            except Exception:  # noqa: S112 - the vendor_errors and secrets checks report it
                continue

    def _check_message(
        self, what: str, call: _Call, session: _Session, error: TelephonyError
    ) -> None:
        failed = [reply for reply in session.replies if reply.status_code >= 400]
        if not failed:
            return
        reply = failed[-1]
        # The error masks the request's secrets: a message that quotes one is compared masked.
        mask = Redactor(credential_secrets(session.client.provider.config)).text
        texts = _messages(reply.content)
        shown = " ".join(str(error).split())
        if texts and not any(" ".join(mask(text).split()) in shown for text in texts):
            raise self.fail(
                f"{call} with {what}: the emulator's {reply.status_code} reply says "
                f"{texts[0]!r}, but the {type(error).__name__} does not: {shown!r}. Read the "
                'vendor\'s error body in Resource.error_body (docs/plugins.md, "Vendor error bodies")'
            )

    def _credential_names(self) -> frozenset[str]:
        return frozenset(s.name for s in self.provider_cls.all_settings() if s.secret)

    def check_reply_secrets(self, resource: str, operation: str) -> None:
        """No token-like value of a secret-named key in the emulator's replies shows in clear
        in the result (masked, it is a `Secret`)."""
        call = self.call(resource, operation)
        session = self.session()
        result = self.send(session, call)
        found: dict[str, str] = {}
        for reply in session.replies:
            try:
                found |= secret_reply_values(
                    json.loads(reply.content), session.client.provider.secret_keys
                )
            except ValueError:
                continue
        models = [
            m for m in (result if isinstance(result, list) else [result]) if attrs.has(type(m))
        ]
        for value, key in sorted(found.items(), key=lambda pair: pair[1]):
            for model in models:
                if value in _plain_texts(model.extra):
                    where = f"extra[{key!r}]" if model.extra.get(key) == value else "extra"
                elif value in repr(model) or value in str(model):
                    where = "its repr"
                else:
                    continue
                raise self.fail(
                    f"{call}: the reply's {key!r} holds a token-like value that the "
                    f"{type(model).__name__} shows in clear, in {where}: declare {key!r} in "
                    "Provider.secret_fields, or map it to a Secret field (docs/plugins.md, "
                    '"Secret reply keys")'
                )

    def check_scope(self, resource: str, operation: str, name: str) -> None:
        """An undeclared scope is refused naming it; a declared one changes the requests."""
        call = self.call(resource, operation)
        variant = attrs.evolve(call, arguments={**call.arguments, name: SCOPE_SAMPLE})
        adapter = self.resource(resource)
        field = fields_of(adapter.model).get(name)
        if name not in adapter.scopes or field is None or not field.metadata.get(SCOPE):
            error = self._refused_before_sending(
                variant, TypeError, f"{resource} at {self.name} takes no {name} scope"
            )
            if f"{name}=" not in str(error):
                raise self.fail(f"{variant}: the TypeError does not name {name}=: {error}")
            return
        benign, scoped = self.session(), self.session()
        self.send(benign, call)
        try:
            variant.send(scoped.client)
        except TelephonyError:
            pass
        except Exception as exc:
            raise self.fail(
                f"{variant} with {name}={SCOPE_SAMPLE!r} raised {type(exc).__name__}: {exc} "
                "(every failure must be a TelephonyError)"
            ) from exc
        sent, without = _sent(scoped.requests), _sent(benign.requests)
        if sent and sent == without[: len(sent)]:
            raise self.fail(
                f"{variant} with {name}={SCOPE_SAMPLE!r} sent the same request(s) as without "
                f"it: the plans ignore {name}=. Read it from the Scope, or leave it out of "
                "Resource.scopes (a call passing it is then refused)"
            )

    def check_fleet(self, resource: str) -> None:
        """A record made of the samples plans `create`, applies, then plans `unchanged`."""
        adapter = self.resource(resource)
        key = adapter.natural_key
        if "list" not in self.operations(resource):
            raise self.fail(
                f"{resource}: fleet plans match records against the listing, and {resource} "
                "declares no list"
            )
        settable = adapter.settable("create")
        if key not in settable:
            raise self.fail(
                f"{resource}: fleet plans cannot create one: its natural key {key!r} is not "
                "settable at create. Declare Resource.natural_key, the field that names one "
                'before it exists (docs/plugins.md, "Fleet compatibility")'
            )
        if "password" in settable and adapter.password_policy is None:
            raise self.fail(
                f"{resource}: create takes a password, but the resource declares no "
                "password_policy: records carry no secrets, so a fleet create has none to "
                "send. Declare Resource.password_policy = PasswordPolicy(...) with the "
                "vendor's documented rules, and fleet operations generate one"
            )
        values = self.changes(resource, self.fields(resource, "create"))
        kept = set(fleet.record_fields(resource)) - {key}
        record = fleet.make_record(
            resource,
            str(to_plain(coerce_field(adapter.model, key, values[key]))),
            {name: value for name, value in values.items() if name in kept},
        )
        session = self.session()
        planned = self._plan_one(session, record)
        if planned.action != "create":
            why = planned.reason or ", ".join(f"{k}: {v}" for k, v in planned.unsupported.items())
            raise self.fail(
                f"{resource}: a record of the samples ({record.to_dict()}) plans "
                f"{planned.action}, not create: {why}"
            )
        with tempfile.TemporaryDirectory() as folder:
            report = fleet.apply(
                session.client, [planned], concurrency=1, secrets_out=Path(folder, "secrets")
            )
        if not report.ok:
            errors = "; ".join(failure.error or failure.action for failure in report.failures)
            raise self.fail(
                f"{resource}: applying the plan of a record of the samples failed: {errors}"
            )
        again = self._plan_one(session, record)
        # A field the listing does not show (None) is planned again; one it shows otherwise
        # than it was created is a mismatch, and so is the record not being found.
        shown = {name for name, value in again.before.items() if value is not None}
        if again.action != "unchanged" and (again.action != "update" or shown):
            raise self.fail(
                f"{resource}: once a record of the samples is applied, planning it again gives "
                f"{again.action} ({again.changes or again.reason}), not unchanged: the {resource} "
                "reads back otherwise than it was created (declare Resource.matches where the "
                "vendor alters a value it is sent)"
            )

    def _plan_one(self, session: _Session, record: fleet.Record) -> fleet.PlanItem:
        try:
            items = list(fleet.plan(session.client, [record]))
        except Exception as exc:
            raise self.fail(
                f"{record.resource}: planning a record of the samples failed: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if len(items) != 1:
            raise self.fail(f"{record.resource}: a plan of one record has {len(items)} items")
        return items[0]

    def check_cassette(self, path: Path, cassettes: Cassettes) -> None:
        """The emulator answers the requests of a recorded cassette as recorded."""
        CASSETTES_REPLAYED[self.name] += 1
        mismatches = emulator_mismatches(
            path,
            self.name,
            base_url=cassettes.recorded_at,
            ignore_keys=cassettes.ignore_keys,
            unmask=cassettes.unmask,
        )
        if mismatches:
            more = f" (and {len(mismatches) - 1} more)" if len(mismatches) > 1 else ""
            raise self.fail(
                f"cassette {path.name}: the emulator does not answer as the vendor was recorded "
                f"answering: {mismatches[0]}{more}. The plugin and its emulator may agree with "
                f"each other and not with the vendor: {ONLY_RECORDED_CASSETTES}"
            )

    def no_cassettes(self, why: str) -> None:
        CASSETTES_REPLAYED.setdefault(self.name, 0)  # counted, as none
        raise NotRecorded(f"{self.name}: {why}")


class _Endless(Exception):
    """A call sent more than `MAX_FUZZED_REQUESTS` requests."""


def _property_settings(examples: int) -> settings:
    """Bounded and reproducible: `examples` cases, a fixed seed, no example database, and
    the first failing case reported as found (shrinking a fuzzed reply costs minutes)."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        print_blob=False,
        report_multiple_bugs=False,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )


def _exception_texts(exc: TelephonyError) -> list[tuple[str, str]]:
    """Everything an exception shows, by what to call it."""
    return [
        ("the exception", str(exc)),
        ("the exception's repr", repr(exc)),
        ("the exception's args", repr(exc.args)),
        ("the exception's body excerpt", exc.body_excerpt or ""),
        ("the exception's field errors", repr(getattr(exc, "field_errors", {}))),
    ]


def _same_path_shape(sent: httpx.Request, benign: httpx.Request, value: str) -> bool:
    """Whether `sent` goes where `benign` went, `value` (percent-encoded) in place of at most
    one segment value: same method, scheme, host, port, number of segments and query keys."""
    if (sent.method, sent.url.scheme, sent.url.host, sent.url.port) != (
        benign.method,
        benign.url.scheme,
        benign.url.host,
        benign.url.port,
    ):
        return False
    if {k for k, _ in sent.url.params.multi_items()} != {
        k for k, _ in benign.url.params.multi_items()
    }:
        return False
    segments, expected = (
        sent.url.raw_path.split(b"?")[0].split(b"/"),
        benign.url.raw_path.split(b"?")[0].split(b"/"),
    )
    if len(segments) != len(expected):
        return False
    for segment, original in zip(segments, expected, strict=True):
        if segment == original:
            continue
        try:
            if unquote_to_bytes(segment).decode("utf-8") != value:
                return False
        except UnicodeDecodeError:
            return False
    return True


def checks(
    provider: str, *, examples: int = PROPERTY_EXAMPLES, cassettes: Cassettes | None = None
) -> list[Check]:
    """Every conformance check of `provider` (installed, with an emulator), not yet run;
    `examples`: the cases each property check tries; `cassettes`: where its recorded
    cassettes are (default: `cassettes/<provider>`)."""
    subject = _Subject(provider)
    found: list[Check] = []

    def add(
        kind: str, resource: str, operation: str, field: str | None, run: Callable[[], None]
    ) -> None:
        found.append(Check(kind, provider, resource, operation, field, run))

    add("secrets", "provider", "auth_headers", None, subject.check_auth_headers)
    for resource in RESOURCES:
        declared = frozenset[str]()
        if resource in subject.provider_cls.resource_types:
            declared = subject.operations(resource)
        if resource in subject.provider_cls.resource_types:
            findable = "list" if subject.resource(resource).natural_key != "id" else "get"
            if findable in declared:
                add("operations", resource, "find", None, partial(subject.check_find, resource))
        for operation in operations_of(resource):
            on = (resource, operation)
            if operation not in declared:
                add("unsupported", *on, None, partial(subject.check_unsupported_operation, *on))
                continue
            add("operations", *on, None, partial(subject.check_operation, *on))
            add("vendor_errors", *on, "statuses", partial(subject.check_error_replies, *on))
            if operation in ("get", "update", "delete"):
                add("vendor_errors", *on, "unknown-id", partial(subject.check_not_found, *on))
            if operation in ("get", "list", "update", "delete"):
                add("vendor_errors", *on, "message", partial(subject.check_error_messages, *on))
            if operation in ("get", "list", "create", "update"):
                add("secrets", *on, "reply-keys", partial(subject.check_reply_secrets, *on))
            for name in ("tenant", "owner"):
                add("scopes", *on, name, partial(subject.check_scope, *on, name))
            if subject.path_inputs(*on):
                add("path_safety", *on, None, partial(subject.check_path_safety, *on))
            add("secrets", *on, None, partial(subject.check_secrets, *on))
            fuzz = partial(subject.check_fuzzed_replies, *on, examples)
            add("fuzzed_replies", *on, None, fuzz)
            measured = partial(subject.check_reply_size, *on, examples)
            add("reply_size", *on, None, measured)
            for where in subject.path_inputs(*on):
                label = "path-id" if where == "the id" else where
                attack = partial(subject.check_hostile_ids, *on, where, examples)
                add("hostile_ids", *on, label, attack)
            if operation not in ("create", "update"):
                continue
            for field in subject.fields(*on):
                add("round_trips", *on, field, partial(subject.check_round_trip, *on, field))
            settable = subject.resource(resource).settable(operation)
            for field in sorted(
                changeable_fields(RESOURCE_MODELS[resource]) - settable - {"extra"}
            ):
                add("unsupported", *on, field, partial(subject.check_unsupported_field, *on, field))
            unknown = f"extra.{UNKNOWN_EXTRA_KEY}"
            add("unsupported", *on, unknown, partial(subject.check_unknown_extra_key, *on))
        # A number's create buys it, which a fleet plan never does unasked (docs/fleet.md).
        if "create" in declared and resource != "numbers":
            add("fleet", resource, "plan", None, partial(subject.check_fleet, resource))
    found += _cassette_checks(subject, cassettes or Cassettes())
    return found


def _cassette_checks(subject: _Subject, cassettes: Cassettes) -> list[Check]:
    """One check per recorded cassette, or one that says why there is none to replay."""
    name = subject.name
    if cassettes.unchecked:
        why = f"the suite does not replay its cassettes: {cassettes.unchecked}"
        return [
            Check(
                "cassettes",
                name,
                "cassettes",
                "unchecked",
                None,
                partial(subject.no_cassettes, why),
            )
        ]
    files = cassettes.files(name)
    if not files:
        where = cassettes.folder or Path("cassettes", name)
        why = (
            f"no cassettes in {where}: nothing checks the emulator against the vendor itself; "
            + ONLY_RECORDED_CASSETTES
        )
        return [
            Check("cassettes", name, "cassettes", "none", None, partial(subject.no_cassettes, why))
        ]
    return [
        Check(
            "cassettes",
            name,
            "cassettes",
            path.stem,
            None,
            partial(subject.check_cassette, path, cassettes),
        )
        for path in files
    ]


class ConformanceSuite:
    """Subclass it in a test module (as `TestAcmeConformance`) and set `provider`; pytest
    then runs every check of `checks(provider)`, one test each, grouped by kind."""

    provider: ClassVar[str | None] = None
    #: Cases each property check tries (`fuzzed_replies`, `hostile_ids`).
    property_examples: ClassVar[int] = PROPERTY_EXAMPLES
    #: The provider's cassettes recorded from the vendor (default: the kit's folder for them,
    #: `<rootdir>/<telephony_cassettes ini>/<provider>`), replayed against the emulator.
    cassettes: ClassVar[Cassettes] = Cassettes()

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        from telephony_core.testing.plugin import CASSETTES_INI, declared_provider

        name = self.provider or declared_provider(metafunc.config, metafunc.definition)
        if name is None:
            raise ConformanceError(
                f'{type(self).__name__}: set `provider = "<name>"`, or name it with the '
                "telephony_provider marker or ini option"
            )
        kind = metafunc.function.__name__.removeprefix("test_")
        recorded = self.cassettes
        if recorded.folder is None:
            folder = Path(metafunc.config.rootpath, metafunc.config.getini(CASSETTES_INI), name)
            recorded = attrs.evolve(recorded, folder=folder)
        every = checks(name, examples=self.property_examples, cassettes=recorded)
        selected = [check for check in every if check.kind == kind]
        metafunc.parametrize("check", selected, ids=[check.id for check in selected])

    def test_operations(self, check: Check) -> None:
        """Each declared operation works on the emulator."""
        check.run()

    def test_round_trips(self, check: Check) -> None:
        """Each settable field: the write returns it, and a read returns it too."""
        check.run()

    def test_unsupported(self, check: Check) -> None:
        """Undeclared fields, vendor keys and operations are refused before sending."""
        check.run()

    def test_vendor_errors(self, check: Check) -> None:
        """Vendor errors and malformed replies become typed errors."""
        check.run()

    def test_path_safety(self, check: Check) -> None:
        """Ids and scopes cannot change the request path."""
        check.run()

    def test_fuzzed_replies(self, check: Check) -> None:
        """Any reply at all: only a TelephonyError, an end, and no secret in it."""
        check.run()

    def test_reply_size(self, check: Check) -> None:
        """Replies over `max_reply_bytes` stop the call with a ProviderError, others are read."""
        check.run()

    def test_hostile_ids(self, check: Check) -> None:
        """Any text as an id or a scope never changes the request path."""
        check.run()

    def test_secrets(self, check: Check) -> None:
        """No secret reaches a repr, a log record, an exception or a cassette."""
        check.run()

    def test_scopes(self, check: Check) -> None:
        """`tenant=` / `owner=`: refused where not declared, applied where declared."""
        check.run()

    def test_fleet(self, check: Check) -> None:
        """A record plans `create`, applies, then plans `unchanged`."""
        check.run()

    def test_cassettes(self, check: Check) -> None:
        """The emulator answers each cassette recorded from the vendor as recorded."""
        import pytest

        try:
            check.run()
        except NotRecorded as exc:
            pytest.skip(str(exc))
