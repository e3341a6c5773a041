"""What Twilio's resources share: SIDs in paths, form-encoded writes, `next_page_uri` paging,
the resources under an account (applications, phone numbers), and the SIP lists (credential
lists, IP access control lists) whose members are devices and access rules.
"""

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, TypeVar

from telephony_core import ConfigurationError, ValidationError
from telephony_core.translate import (
    Model,
    Page,
    PageQuery,
    Plan,
    Resource,
    Scope,
    WireField,
    WireResponse,
    build_path,
    listing_goes_on,
    next_page_query,
    rfc2822_datetime,
)
from telephony_twilio import sids

M = TypeVar("M", bound=Model)

API = "/2010-04-01"
#: Twilio's default page size, and the most `PageSize` accepts (the OpenAPI's 1..1000).
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
#: The timestamps of every Twilio object: read-only, RFC 2822.
DATE_FIELDS = (
    WireField(
        "created_at",
        "DateCreated",
        reply="date_created",
        from_wire=rfc2822_datetime,
        update=False,
        create=False,
    ),
    WireField(
        "updated_at",
        "DateUpdated",
        reply="date_updated",
        from_wire=rfc2822_datetime,
        update=False,
        create=False,
    ),
)


def blank_is_none(value: object) -> object:
    """A reply value where Twilio writes an empty string for "not set" (e.g. an unrouted
    number's `voice_application_sid` in the reference's examples): None."""
    return None if value == "" else value


class TwilioResource(Resource[M]):
    """A Twilio resource: the vendor's SIDs, listings and form bodies.

    `items_key` is the key of the items in a listing reply (`credentials`, `accounts`, ...).
    """

    items_key: ClassVar[str]
    clearable = False  # a Twilio write sets values; none clears one
    scopes = frozenset({"tenant"})  # the account in the path

    def sid(self, argument: str, prefix: str, value: str) -> str:
        """`value` if it is a SID of kind `prefix`, else a `ValidationError` naming `argument`."""
        problem = sids.sid_problem(prefix, value)
        if problem is not None:
            raise ValidationError(field_errors={argument: problem}, provider=self.provider.name)
        return value

    def account(self, scope: Scope) -> str:
        """The account a call applies to: `tenant=`, else the credentials' account."""
        return self.sid(
            "tenant", sids.ACCOUNT, scope.tenant or self.provider.setting("account_sid")
        )

    def form(self, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """The form body of a write: each changed field under its Twilio key."""
        return list(self.fields.to_wire(values).items())

    def listing(
        self,
        path: str,
        cursor: PageQuery | None,
        page_size: int | None,
        filters: Iterable[tuple[str, str]] = (),
        items_key: str | None = None,
    ) -> Plan[tuple[list[Any], PageQuery | None, WireResponse]]:
        """One page of the listing at `path`: its items (under `items_key`, by default the
        resource's), the next page's cursor, the reply.

        The first page asks for `page_size` items (Twilio's default 50, at most 1000), with
        `filters`; later pages send the query of the previous page's `next_page_uri`, which
        must name the same listing and a different page. A reply without `next_page_uri`,
        or a page without items, is the last.
        """
        items_key = items_key or self.items_key
        if cursor is None:
            size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
            query: PageQuery = (*filters, ("PageSize", str(size)))
        else:
            query = cursor
        request = self.provider.request("GET", path, query=query)
        response = yield from self.exchange(request, 200)
        body = self.json_object(response)
        items = body.get(items_key)
        if not isinstance(items, list):
            raise self.malformed(response, f"expected a list of {items_key}")
        try:
            following = next_page_query(
                body.get("next_page_uri"), base_url=self.provider.base_url, path=path
            )
        except ValueError as exc:
            raise self.malformed(response, str(exc)) from None
        if not listing_goes_on(len(items), next_link=following is not None):
            return items, None, response  # an empty page ends the listing too
        if following == request.query:
            raise self.malformed(response, "next_page_uri names the page just read")
        return items, following, response


class AccountMembers(TwilioResource[M]):
    """A resource that lives under an account (`/Accounts/{AccountSid}/...`): `tenant` is the
    account, by default the credentials' own. Get, list, create, update (a partial POST) and
    delete, each on the SIDs of kind `member_prefix`.
    """

    member_prefix: ClassVar[str]
    #: Path templates under the API root (`{account}`, `{id}`, and what `segments` adds).
    collection_path: ClassVar[str]
    item_path: ClassVar[str]
    operations = frozenset({"get", "list", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})  # a POST of values; a DELETE
    scopes = frozenset({"tenant", "owner"})  # the account and the list in the path

    def segments(self, scope: Scope) -> dict[str, str]:
        """The path's segments other than the member's SID (every one checked first)."""
        return {"account": self.account(scope)}

    def scope_fields(self, scope: Scope) -> dict[str, str]:
        """The neutral scope fields of a member read in `scope` (where the reply lacks them)."""
        return {"tenant": self.account(scope)}

    def path(self, scope: Scope, id: str | None = None) -> str:
        """The listing's path, or with `id` the member's (every SID checked first)."""
        segments = self.segments(scope)
        if id is None:
            return build_path(API + self.collection_path, **segments)
        member = self.sid("id", self.member_prefix, id)
        return build_path(API + self.item_path, **segments, id=member)

    def reply_object(self, obj: Any) -> Any:
        """A member as the vendor sent it, before it is read (override to fold quirks)."""
        return obj

    def read(self, obj: Any, response: WireResponse, scope: Scope, **known: Any) -> M:
        """The neutral model of a member in a reply; `known` fills what the reply lacks."""
        model: M = self.to_model(
            self.reply_object(obj), response, **self.scope_fields(scope), **known
        )
        return model

    def plan_get(self, id: str, scope: Scope) -> Plan[M]:
        response = yield from self.exchange(self.provider.request("GET", self.path(scope, id)), 200)
        return self.read(self.json_object(response), response, scope, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[M]]:
        return (yield from self.listed(scope, cursor, page_size))

    def listed(
        self,
        scope: Scope,
        cursor: Any,
        page_size: int | None,
        filters: Iterable[tuple[str, str]] = (),
    ) -> Plan[Page[M]]:
        """One page of the members, the first page filtered by `filters`."""
        items, following, response = yield from self.listing(
            self.path(scope), cursor, page_size, filters
        )
        return Page(items=[self.read(obj, response, scope) for obj in items], next=following)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[M]:
        request = self.provider.request("POST", self.path(scope), form=self.form(values))
        response = yield from self.exchange(request, 201, 200)
        return self.read(self.json_object(response), response, scope, **self.unread(values))

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[M]:
        request = self.provider.request("POST", self.path(scope, id), form=self.form(changes))
        response = yield from self.exchange(request, 200)
        return self.read(self.json_object(response), response, scope, id=id, **self.unread(changes))

    def unread(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The written values a reply never shows (the `write_only` fields), as known."""
        return {name: values[name] for name in self.write_only if name in values}

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", self.path(scope, id)), 204, 200)
        return None


class SipListMembers(AccountMembers[M]):
    """The members of a Twilio SIP list (a credential list's credentials, an IP access control
    list's addresses): `tenant` is the account, `owner` the list, by default the one of the
    `container_setting`.
    """

    #: The provider setting naming the default list, and the SID kind of its lists.
    container_setting: ClassVar[str]
    container_prefix: ClassVar[str]

    def container(self, scope: Scope) -> str:
        """The list a call applies to: `owner=`, else the provider's default list (a
        `ConfigurationError` naming the setting and its variable when there is none)."""
        owner = scope.owner or self.provider.setting(self.container_setting)
        if not owner:
            setting = self.container_setting
            env = next(s.env for s in self.provider.all_settings() if s.name == setting)
            raise ConfigurationError(
                f"twilio {self.items_key} live in a {sids.KINDS[self.container_prefix]}: pass "
                f"owner='{self.container_prefix}...' (--owner), or set {setting}=... (environment "
                f"variable {env})",
                provider=self.provider.name,  # no `setting=`: owner= does as well
            )
        return self.sid("owner", self.container_prefix, owner)

    def segments(self, scope: Scope) -> dict[str, str]:
        return {**super().segments(scope), "container": self.container(scope)}

    def scope_fields(self, scope: Scope) -> dict[str, str]:
        return {**super().scope_fields(scope), "owner": self.container(scope)}
