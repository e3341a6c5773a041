"""What a provider plugin implements: a `Provider` (settings, auth, base URL) and one
`Resource` translation per neutral resource it supports. Everything here is sans-I/O."""

from __future__ import annotations

import logging
import reprlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from telephony_core.errors import ConfigurationError, NotFound, ProviderError, TelephonyError
from telephony_core.models import RESOURCE_MODELS, AvailableNumber, Model, NumberSearch
from telephony_core.secret import Sealed, Secret
from telephony_core.translate.capabilities import ResourceCapabilities
from telephony_core.translate.changes import (
    field_checkers,
    fields_of,
    non_optional,
    secret_field_names,
)
from telephony_core.translate.fieldmap import FieldMap, OddValue
from telephony_core.translate.paging import ListingProgress, Page
from telephony_core.translate.passwords import PasswordPolicy
from telephony_core.translate.redaction import (
    Redactor,
    credential_secrets,
    is_secret_key,
    redactor_for,
    secret_keys,
    wrap_secrets,
)
from telephony_core.translate.settings import (
    Setting,
    check_base_url,
    is_header_value,
    userinfo_secrets,
)
from telephony_core.translate.vendor_errors import ErrorCodes, error_from_response
from telephony_core.translate.wire import (
    Plan,
    WireRequest,
    WireResponse,
    check_query,
    encode_form,
    encode_json,
)

M = TypeVar("M", bound=Model)
T = TypeVar("T")

#: The resource name of each neutral model (`AccessRule` -> `access_rules`), for messages.
RESOURCE_NAMES: Mapping[type[Model], str] = {model: name for name, model in RESOURCE_MODELS.items()}
logger = logging.getLogger("telephony_core")
#: The longest excerpt of an odd reply value a warning shows (its reason, which may quote the
#: value, is cut at twice that).
ODD_VALUE_SHOWN = 60


@attrs.frozen
class Scope:
    """Where a call applies: the tenant (account / domain) and the owner (user), if any."""

    tenant: str | None = None
    owner: str | None = None


@attrs.frozen
class Step(Generic[T]):
    """One vendor request of a neutral call that needs several: the neutral fields it
    changes and the (not yet started) plan that sends it and checks the reply."""

    fields: tuple[str, ...]
    plan: Plan[T]


def run_in_order(steps: Sequence[Step[T]]) -> Plan[list[T]]:
    """Run `steps` one after the other as one plan; return their results in order.

    The first failing step stops the call: a step's plan sends its request and reads the
    reply, so a reply that cannot be read stops the later requests too. If there are several
    steps, its `TelephonyError` first records which fields were applied and which were not
    (`TelephonyError.record_progress`): the earlier steps' fields were, and so were the
    failing step's own if its reply had a 2xx status (the vendor made the change, only its
    reply is unreadable); the later steps' fields were not.
    """
    results: list[T] = []
    for index, step in enumerate(steps):
        try:
            results.append((yield from step.plan))
        except TelephonyError as exc:
            if len(steps) > 1:
                done = index + 1 if exc.status is not None and 200 <= exc.status < 300 else index
                exc.record_progress(
                    [f for applied in steps[:done] for f in applied.fields],
                    [f for rest in steps[done:] for f in rest.fields],
                )
            raise
    return results


def _cut(text: str, limit: int = ODD_VALUE_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shortened(value: object) -> str:
    """The repr of a reply value, at most `ODD_VALUE_SHOWN` characters (a long text is cut
    before its repr is made: a vendor's value may be megabytes long)."""
    if isinstance(value, str | bytes) and len(value) > ODD_VALUE_SHOWN:
        value = value[:ODD_VALUE_SHOWN]
    return _cut(reprlib.repr(value))


class Provider:
    """Base class of a vendor: its settings, authentication and resources.

    Subclasses set `name`, `settings` and `default_base_url`, implement `auth_headers`, and
    list their `Resource` classes in `resource_types`. A `base_url` setting (env
    `<NAME>_BASE_URL`) is added for every provider.
    """

    name: ClassVar[str]
    settings: ClassVar[tuple[Setting, ...]] = ()
    default_base_url: ClassVar[str | None] = None
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {}
    #: Headers (any case) that carry credentials at this vendor besides `Authorization`,
    #: `Proxy-Authorization`, `Cookie` and `Set-Cookie`, e.g. `X-Auth-Token`: recorded
    #: cassettes hold them masked (see `telephony_core.testing.scrub`).
    secret_headers: ClassVar[frozenset[str]] = frozenset()
    #: The vendor's own secret keys (any case) in query parameters, request bodies and replies,
    #: besides the names of the secret settings and those
    #: `telephony_core.translate.redaction.is_secret_key` knows (`auth_token`, `api_key`,
    #: `...password`, ...), e.g. Telnyx's `api_token`: a reply value under one is a `Secret`
    #: in the model and its `extra`, and masked in body excerpts, error messages and recorded
    #: cassettes.
    secret_fields: ClassVar[frozenset[str]] = frozenset()
    #: Neutral resources the vendor has no API for that maps onto the model, each with why
    #: (e.g. `{"access_rules": "..."}`): calls raise `UnsupportedOperation` saying it, and the
    #: capability matrix lists the reasons.
    resources_not_offered: ClassVar[Mapping[str, str]] = {}
    #: Whether `auth_headers()` is the same for every request (static credentials): it is
    #: then called once per provider instead of once per request. Set it to False for
    #: per-request signatures or tokens that expire.
    static_auth: ClassVar[bool] = True
    #: The vendor's documented request rate per account (e.g. "10/s"), used when the client
    #: is given no `rate_limit=`; None when the vendor documents none.
    rate_limit: ClassVar[str | None] = None
    #: The request header of the vendor's documented idempotency key, if it has one: every
    #: create sends a key of its own in it, the same on each resend.
    idempotency_header: ClassVar[str | None] = None
    #: The vendor's own error codes (the `code` of its error bodies) that say more than the
    #: HTTP status, e.g. `{20404: NotFound, range(21000, 22000): ValidationError}`.
    error_codes: ClassVar[ErrorCodes] = {}
    #: A reply header giving the seconds until the vendor's rate-limit window resets (Telnyx:
    #: `x-ratelimit-reset`), where the vendor documents one: a 429 without `Retry-After` is
    #: retried after that long, and `RateLimited.retry_after` says it.
    rate_limit_reset_header: ClassVar[str | None] = None

    def __init__(self, config: Mapping[str, str | Secret | None]) -> None:
        self.config = dict(config)
        self.secret_keys = secret_keys(self.secret_fields)
        self.base_url = check_base_url(self.name, self.resolve_base_url())
        # What requests need of the credentials, sealed: `vars(provider)` shows no secret.
        self._secrets: Sealed[frozenset[str]] = Sealed(
            credential_secrets(self.config) | userinfo_secrets(self.base_url)
        )
        self._static_auth: Sealed[tuple[dict[str, str], frozenset[str]]] | None = None
        self._check_auth_headers()
        self.resources: dict[str, Resource[Any]] = {
            name: cls(self) for name, cls in self.resource_types.items()
        }
        self._reported: set[tuple[str, str]] = set()

    def redactor(self) -> Redactor:
        """A `Redactor` of the credentials (and of the base URL's user information) and of
        the vendor's secret keys (`secret_fields`): what shows this provider's output to a
        user (the command line) masks them."""
        return redactor_for(self._secrets.reveal(), self.secret_keys)

    def report_odd_value(self, model: str, odd: OddValue, *, secret: bool) -> None:
        """Log a reply value that does not convert to its neutral field, at WARNING on the
        `telephony_core` logger, once per model and vendor key (a listing of 10,000 devices
        with the same quirk logs it once). A `secret` value is never shown."""
        if (model, odd.key) in self._reported:
            return
        self._reported.add((model, odd.key))
        shown = "(a secret)" if secret else _shortened(odd.value)
        reason = "its value is not shown" if secret else _cut(odd.reason, 2 * ODD_VALUE_SHOWN)
        logger.warning(
            "%s: a %s in a reply has %s = %s, not a valid %s (%s); %s is left unset and the "
            "vendor's value kept in extra[%r] (reported once per key)",
            self.name,
            model,
            odd.key,
            shown,
            odd.field,
            reason,
            odd.field,
            odd.key,
        )

    @classmethod
    def all_settings(cls) -> tuple[Setting, ...]:
        """The declared settings plus the common `base_url`."""
        base = Setting(
            name="base_url",
            env=f"{cls.name.upper()}_BASE_URL",
            required=False,
            help="API root (a regional host, a proxy, a sandbox server)",
        )
        return (*cls.settings, base)

    def setting(self, name: str) -> str:
        """A resolved plain setting."""
        value = self.config.get(name)
        if isinstance(value, Secret):
            return value.reveal()
        return value or ""

    def secret(self, name: str) -> Secret:
        """A resolved secret setting (declared `secret=True`), e.g. for `auth_headers()`:
        `return bearer_auth(self.secret("token"))`."""
        value = self.config.get(name)
        if not isinstance(value, Secret):
            raise ConfigurationError(
                f"{self.name} setting {name!r} is not a secret setting that has a value",
                provider=self.name,
            )
        return value

    def resolve_base_url(self) -> str:
        """The API root: the `base_url` setting, else the vendor's documented host."""
        url = self.config.get("base_url") or self.default_base_url
        if not isinstance(url, str):
            env = f"{self.name.upper()}_BASE_URL"
            raise ConfigurationError(
                f"{self.name} needs base_url (it has no default host): pass base_url=..., "
                f"or set the environment variable {env}",
                setting="base_url",
                env=env,
                provider=self.name,
            )
        return url

    def auth_headers(self) -> Mapping[str, str | Secret]:
        """Headers that authenticate every request (secret values as `Secret`)."""
        raise NotImplementedError

    def _check_auth_headers(self) -> None:
        """Refuse settings an HTTP header cannot carry (non-ASCII or control characters),
        naming them, before any request (the value itself is never shown). A setting the
        headers need but lack is left to the provider's own checks."""
        try:
            headers = self.auth_headers()
        except ConfigurationError:
            return
        for header, value in headers.items():
            plain = value.reveal() if isinstance(value, Secret) else value
            if is_header_value(plain):
                continue
            culprits = [
                name
                for name, setting in self.config.items()
                if setting is not None
                and not is_header_value(
                    setting.reveal() if isinstance(setting, Secret) else setting
                )
            ]
            what = f"setting {', '.join(sorted(culprits))}" if culprits else f"{header} header"
            raise ConfigurationError(
                f"{self.name} {what} has characters an HTTP header cannot carry: only "
                "printable ASCII is allowed (was it copied whole, without a line break?)",
                provider=self.name,
            )

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Iterable[tuple[str, Any]] = (),
        json: Mapping[str, Any] | None = None,
        form: Iterable[tuple[str, Any]] | None = None,
        idempotent: bool | None = None,
    ) -> WireRequest:
        """Build an authenticated request; `json` or `form` become the body.

        `idempotent=True` lets a write be sent again after a failure whatever the operation
        (e.g. a search sent as POST), `False` never; None (the default) follows the method and
        the resource's `idempotent` operations.

        Every secret setting (e.g. a bare token, also as an HTTP Basic header would carry it:
        see `redaction.credential_secrets`) is listed in the request's `secrets`, as are secret
        header values (`Bearer <token>`), `Secret` values in the body and the credentials of a
        `base_url` with user information. A body or query that cannot be sent (not JSON, not
        Unicode, a URL longer than `MAX_URL_LENGTH`) is a `ValidationError` here, before
        anything is sent.
        """
        sealed = self._static_auth
        if sealed is not None:
            auth = sealed.reveal()
        else:
            auth = self._auth()
            if self.static_auth:
                self._static_auth = Sealed(auth)
        headers = dict(auth[0])
        secrets = auth[1]
        body: bytes | None = None
        found: frozenset[str] = frozenset()
        if json is not None:
            body, found = encode_json(json)
            headers["Content-Type"] = "application/json"
        elif form is not None:
            body, found = encode_form(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return WireRequest(
            method=method,
            base_url=self.base_url,
            path=path,
            query=check_query(self.base_url + path, [(k, str(v)) for k, v in query]),
            headers=headers,
            body=body,
            secrets=secrets | found if found else secrets,
            secret_keys=self.secret_keys,
            idempotent=idempotent,
        )

    def _auth(self) -> tuple[dict[str, str], frozenset[str]]:
        """The auth headers revealed, and every secret a request carries because of them."""
        headers: dict[str, str] = {}
        secrets = set(self._secrets.reveal())
        for key, value in self.auth_headers().items():
            if isinstance(value, Secret):
                secrets.add(value.reveal())
                value = value.reveal()
            headers[key] = value
        return headers, frozenset(secrets)

    @classmethod
    def capabilities(cls) -> dict[str, ResourceCapabilities]:
        """Capabilities of every resource of this provider (no settings needed)."""
        return {name: r.capabilities() for name, r in cls.resource_types.items()}


class Resource(Generic[M]):
    """The translation of one neutral resource (e.g. devices) for one vendor.

    Declare `model`, `fields` (the `FieldMap`), `operations`, the vendor keys accepted in
    `extra` per write (`extra_keys`), in `hints` what to do instead for a neutral field or
    vendor key the vendor refuses, and the `write_only` fields. Implement a
    `plan_<operation>` for each operation.
    """

    model: ClassVar[type[Model]]
    fields: ClassVar[FieldMap]
    operations: ClassVar[frozenset[str]]
    #: Why the vendor lacks an operation the resource has at other vendors (e.g. `search`
    #: where numbers are not sold through the API, `delete` of Telnyx's managed accounts):
    #: `UnsupportedOperation` says it, and the capability matrix lists it.
    operations_not_offered: ClassVar[Mapping[str, str]] = {}
    #: How the vendor shows a number it offers for purchase, for `to_offer` (numbers only).
    offer_fields: ClassVar[FieldMap | None] = None
    #: Settable neutral fields (and `extra.<key>` vendor keys) that the vendor never returns,
    #: such as a password: a read cannot show them (the conformance suite does not expect it).
    write_only: ClassVar[frozenset[str]] = frozenset()
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {}
    hints: ClassVar[Mapping[str, str]] = {}
    #: Vendor error messages (a case-insensitive part) -> the neutral field they are about,
    #: for validation errors that come with a message but no per-field details.
    message_fields: ClassVar[Mapping[str, str]] = {}
    #: Stand-in values of `dry_run_reply` -> how a dry run shows them (e.g. "<current cidr>").
    dry_run_placeholders: ClassVar[Mapping[str, str]] = {}
    #: The neutral field that names a resource before it exists, the same at every vendor
    #: (DESIGN "Identity"): devices `username`, access rules `cidr`, tenants `name`, agents
    #: `email`; `id` where the caller chooses the id (SiPbx devices). Fleet plans match
    #: records by it, and a create whose outcome is unknown is reconciled by it.
    natural_key: ClassVar[str] = "id"
    #: Operations whose writes may be sent again after a failure because a repeat changes
    #: nothing more: an update that sets values or replaces the whole object, a delete (a
    #: resend answered 404 counts as done). Reads are always retried; a create never blindly
    #: (it is looked up by `natural_key` first). Declare only what the vendor makes true.
    idempotent: ClassVar[frozenset[str]] = frozenset()
    #: Operations that cost money or give something away for good (buying, releasing a
    #: number): never sent again after an unknown outcome without a lookup. A create is
    #: looked up by `natural_key` (as every create is); a delete listed here by its id with
    #: `plan_get` (gone: the first attempt did it; still there: it is sent again), and never
    #: resent where the resource has no `get`. It overrides `idempotent`, and the CLI asks
    #: before either (`create_warning`, `delete_warning`).
    irreversible: ClassVar[frozenset[str]] = frozenset()
    #: False when the vendor returns the whole listing in one reply (no paging parameters):
    #: `plan_list` then ignores `page_size`, and the conformance suite expects one request.
    paged_listing: ClassVar[bool] = True
    #: The most listing pages a scan for one item (`plan_scan`: the default `plan_find`, a
    #: read through the listing) reads before it gives up with a `ProviderError`.
    find_max_pages: ClassVar[int] = 1000
    #: The scope arguments (`tenant`, `owner`) this vendor's calls take and its plans read
    #: from `Scope`; none unless declared. A call passing another is a `TypeError` naming it,
    #: before anything is sent: never silently ignored.
    scopes: ClassVar[frozenset[str]] = frozenset()
    #: Neutral fields the vendor needs in every create (refused before sending without them).
    required_at_create: ClassVar[frozenset[str]] = frozenset()
    #: Whether a write may set a field to None (clear it); False: every None is refused.
    clearable: ClassVar[bool] = True
    #: The length (least, most characters) the vendor allows for text fields, by field.
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {}
    #: What `delete` does that cannot be undone at this vendor, when it is more than removing
    #: the resource (e.g. closing an account for good); the CLI shows it and asks first.
    delete_warning: ClassVar[str | None] = None
    #: What `create` costs or commits to at this vendor (e.g. buying a number, billed each
    #: month); the CLI shows it and asks first.
    create_warning: ClassVar[str | None] = None
    #: The vendor's documented rules for the `password` of a new resource, where its create
    #: takes one: fleet operations generate passwords that meet them (`PasswordPolicy`).
    password_policy: ClassVar[PasswordPolicy | None] = None

    def __init__(self, provider: Provider) -> None:
        self.provider = provider

    @classmethod
    def capabilities(cls) -> ResourceCapabilities:
        """Operations and settable fields, derived from the declarations."""
        writes: dict[str, frozenset[str]] = {
            op: cls.settable(op) for op in ("create", "update") if op in cls.operations
        }
        return ResourceCapabilities(
            operations=cls.operations,
            fields=writes,
            extra_keys={op: keys for op, keys in cls.extra_keys.items() if keys},
            natural_key=cls.natural_key,
            password_policy=cls.password_policy,
        )

    @classmethod
    def settable(cls, operation: str) -> frozenset[str]:
        """Neutral fields accepted by `operation` (`extra` when vendor keys are accepted)."""
        names = cls.fields.settable(operation)
        return names | {"extra"} if cls.extra_keys.get(operation) else names

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        """Vendor rules checked before sending; return neutral field -> message."""
        return {}

    def declared_rule_errors(self, operation: str, values: Mapping[str, Any]) -> dict[str, str]:
        """The rules declared as data (`required_at_create`, `clearable`, `lengths`) that
        `values` break, by field; and an empty secret (a password, a secret vendor key in
        `extra`) unless the vendor's `password_policy` documents empty ones."""
        vendor = self.provider.name
        errors = {
            name: f"cannot be cleared at {vendor}: pass a value"
            for name, value in values.items()
            if value is None and not self.clearable
        }
        if self.password_policy is None or not self.password_policy.allow_empty:
            errors.update(self._empty_secrets(values))
        for name, (least, most) in self.lengths.items():
            value = values.get(name)
            if value is not None and not least <= len(value) <= most:
                errors[name] = f"must be {least} to {most} characters at {vendor}"
        if operation == "create":
            for name in sorted(self.required_at_create):
                if values.get(name) is None:
                    errors.setdefault(name, f"is required to create one at {vendor}")
        return errors

    def _empty_secrets(self, values: Mapping[str, Any]) -> dict[str, str]:
        why = (
            f"must not be empty: an empty secret leaves it open ({self.provider.name} documents "
            "no empty password); leave the field out instead"
        )
        secrets = secret_field_names(self.model)
        errors = {
            name: why
            for name, value in values.items()
            if name in secrets and isinstance(value, str | Secret) and len(value) == 0
        }
        extra = values.get("extra")
        if isinstance(extra, Mapping):
            errors.update(
                {
                    f"extra.{key}": why
                    for key, value in extra.items()
                    if is_secret_key(str(key), self.provider.secret_keys)
                    and isinstance(value, str | Secret)
                    and len(value) == 0
                }
            )
        return errors

    # Plans: override those listed in `operations`.
    def plan_get(self, id: str, scope: Scope) -> Plan[M]:
        raise NotImplementedError

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[M]]:
        raise NotImplementedError

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[M]:
        raise NotImplementedError

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[M]:
        raise NotImplementedError

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        raise NotImplementedError

    def plan_search(
        self, query: NumberSearch, scope: Scope, cursor: Any
    ) -> Plan[Page[AvailableNumber]]:
        """One page of the numbers the vendor offers for purchase (`numbers.search`): read
        each offer with `to_offer`."""
        raise NotImplementedError

    def check_search(self, query: NumberSearch) -> None:
        """Refuse, before anything is sent, a search the vendor cannot make (e.g. a filter
        it does not have): raise `UnsupportedField` or `ValidationError` naming the argument."""

    def plan_find(self, key: Any, scope: Scope) -> Plan[M | None]:
        """The resource whose `natural_key` equals `key` (already normalised), or None.

        By default a `get` when the natural key is the id, else a scan of the listing, at
        most `find_max_pages` pages; override it where the vendor has a filter.
        """
        if self.natural_key == "id":
            try:
                found: M = yield from self.plan_get(key, scope)
            except NotFound:
                return None
            return found
        return (yield from self.find_in(key, lambda cursor: self.plan_list(scope, cursor, None)))

    def find_in(self, key: Any, pages: Callable[[Any], Plan[Page[M]]]) -> Plan[M | None]:
        """The first item whose `natural_key` is `key` (`matches`) in the listing that
        `pages(cursor)` reads a page of (None: the first), or None (see `plan_scan`).

        `plan_find` scans `plan_list` with it; an override may scan a filtered listing.
        """
        name = self.natural_key
        return (
            yield from self.plan_scan(
                pages, lambda item: self.matches(name, getattr(item, name), key)
            )
        )

    def plan_scan(
        self, pages: Callable[[Any], Plan[Page[M]]], wanted: Callable[[M], bool]
    ) -> Plan[M | None]:
        """The first item that is `wanted` in the listing that `pages(cursor)` reads a page of,
        or None when there is none.

        Reads at most `find_max_pages` pages (a `ProviderError` then says it gave up), and
        stops a listing that does not advance (`ListingProgress`). For lookups the vendor
        has no request for, e.g. a read through the listing.
        """
        progress = ListingProgress(self.provider.name, RESOURCE_NAMES[self.model])
        cursor: Any = None
        for _ in range(self.find_max_pages):
            page: Page[M] = yield from pages(cursor)
            for item in page.items:
                if wanted(item):
                    return item
            cursor = progress.advance(cursor, page)
            if cursor is None:
                return None
        raise ProviderError(
            f"{self.provider.name}: not found in the first {self.find_max_pages} pages of the "
            f"{RESOURCE_NAMES[self.model]} listing; gave up scanning (Resource.find_max_pages)",
            provider=self.provider.name,
        )

    @classmethod
    def matches(cls, field: str, value: Any, wanted: Any) -> bool:
        """Whether `value`, as the vendor shows `field`, is what a caller who sent `wanted`
        gets. Equality, unless the vendor alters what it is sent (Plivo appends 12 digits to
        a new endpoint's username): `find` and the conformance suite's round trips use it.
        """
        return bool(value == wanted)

    def plan_count(self, scope: Scope) -> Plan[int]:
        """How many resources there are in `scope` (for vendors with a count endpoint)."""
        raise NotImplementedError

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """A stand-in reply for a dry run of a call on `id`, or None (the default) to stop.

        Override for the reads of a read-modify-write, answering with values from
        `dry_run_placeholders`, so that a dry run can show the write that depends on them.
        """
        return None

    # Helpers for plans.
    def exchange(self, request: WireRequest, *ok: int) -> Plan[WireResponse]:
        """Send `request` and return the reply, raising the typed error unless its status is
        one of `ok`: `response = yield from self.exchange(self.provider.request(...), 200)`."""
        response = yield request
        self.check(request, response, *ok)
        return response

    def check(self, request: WireRequest, response: WireResponse, *ok: int) -> None:
        """Raise the typed error unless the reply's status is one of `ok`."""
        if response.status not in ok:
            raise self.error(request, response)

    def error(self, request: WireRequest, response: WireResponse) -> TelephonyError:
        """The typed error for a failed reply: the class from the status (or the vendor's
        code, `Provider.error_codes`), the vendor's message, and its per-field details with
        the vendor keys made neutral; secrets masked."""
        return error_from_response(
            self.provider.name,
            request,
            response,
            field_name=self.fields.neutral_name,
            message_fields=self.message_fields,
            codes=self.provider.error_codes,
            reset_header=self.provider.rate_limit_reset_header,
            reshape=self.error_body,
        )

    def error_body(self, body: object) -> object:
        """The vendor's error body (its parsed JSON; None when empty or not JSON) in a shape
        the core reads: `{"message": "...", "details": {vendor key: message}, "code": n}`.

        The default returns it as it is: the core reads the usual shapes by itself
        (`{"error": ...}`, `{"message": ...}`, `{"error": {"message", "details"}}`, ...).
        Override it for a vendor whose error bodies have a shape of their own; what it
        raises is ignored (the status still gives the typed error).
        """
        return body

    def json_object(self, response: WireResponse) -> dict[str, Any]:
        """The reply body, which must be a JSON object."""
        body = response.json(provider=self.provider.name)
        if not isinstance(body, dict):
            raise self.malformed(response, "expected a JSON object")
        return body

    def malformed(self, response: WireResponse, why: str) -> ProviderError:
        """A `ProviderError` for a reply that does not have the documented shape.

        Its body excerpt has the request's secrets and the values of secret-named keys
        (e.g. a token) masked.
        """
        return ProviderError(
            f"{self.provider.name}: malformed reply (status {response.status}): {why}",
            provider=self.provider.name,
            status=response.status,
            body_excerpt=response.excerpt(),
        )

    def to_model(self, obj: object, response: WireResponse, **known: Any) -> M:
        """Build the neutral model from a vendor object, reading it tolerantly.

        `known` supplies values the reply lacks (the id from the path, the scope). The
        structure is checked: an object that is not a JSON object, or has no id, is a
        `ProviderError`. A value that does not convert to its neutral field (an unknown
        enum value, a MAC that is not a MAC, text where a number belongs) leaves the field
        unset, keeps the vendor's value in `extra` under its key and is reported once per
        key (`Provider.report_odd_value`). Unmapped keys go to `extra`, secret-named ones (the
        provider's `secret_fields` too) and those echoing a request's secret as `Secret`; so
        do the copies of a key the vendor sent twice with different values
        (`extra["repeated_keys"]`).
        """
        built: M = self._neutral(self.model, self.fields, "id", obj, response, known)
        return built

    def to_offer(self, obj: object, response: WireResponse, **known: Any) -> AvailableNumber:
        """An `AvailableNumber` from a vendor's offer, read through `offer_fields` as
        `to_model` reads a resource: an offer that is not an object, or has no number, is a
        `ProviderError`; odd values are left unset and kept in `extra`."""
        if self.offer_fields is None:
            raise NotImplementedError(f"{type(self).__name__} declares no offer_fields")
        offer: AvailableNumber = self._neutral(
            AvailableNumber, self.offer_fields, "number", obj, response, known
        )
        return offer

    def _neutral(
        self,
        model: type[Any],
        fields: FieldMap,
        required: str,
        obj: object,
        response: WireResponse,
        known: Mapping[str, Any],
    ) -> Any:
        """`model` from a vendor object read through `fields` (see `to_model`)."""
        if not isinstance(obj, dict):
            raise self.malformed(response, "expected a JSON object")
        declared = self.provider.secret_keys
        echoes = redactor_for(response.secrets, declared) if response.secrets or declared else None
        reading = fields.read(obj, echoes=echoes)
        values, extra, odd = reading.values, reading.extra, list(reading.odd)
        repeated = {
            key: seen
            for key, seen in getattr(obj, "repeated", {}).items()
            if len({repr(value) for value in seen}) > 1
        }
        if repeated:
            extra["repeated_keys"] = wrap_secrets("repeated_keys", repeated, echoes=echoes)
        for name, value in known.items():
            if values.get(name) is None:
                values[name] = value
        checkers = field_checkers(model)
        checked: dict[str, Any] = {}
        for name, value in values.items():
            if value is None:
                continue
            try:
                checked[name] = checkers[name](value)
            except Exception as exc:
                key = reading.keys.get(name)
                if key is None:  # a value the plugin supplied, not the vendor's
                    raise self.malformed(response, f"{name} has an unexpected value") from None
                reason = getattr(exc, "field_errors", {}).get(name) or "wrong type"
                odd.append(OddValue(name, key, obj[key], reason))
        for item in odd:
            field = fields_of(model)[item.field]
            secret = is_secret_key(item.key, declared) or non_optional(field.type) is Secret
            secret = secret or (echoes is not None and echoes.mentions(repr(item.value)))
            extra[item.key] = wrap_secrets(item.key, item.value, secret=secret, echoes=echoes)
            self.provider.report_odd_value(model.__name__, item, secret=secret)
            if known.get(item.field) is not None and item.field not in checked:
                try:
                    checked[item.field] = checkers[item.field](known[item.field])
                except Exception:  # the plugin's value from elsewhere in the reply: no better
                    raise self.malformed(
                        response, f"{item.field} has an unexpected value"
                    ) from None
        if required not in checked:
            raise self.malformed(response, f"no {required}")
        return model(**checked, extra=extra)
