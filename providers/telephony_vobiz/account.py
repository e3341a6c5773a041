"""What every Vobiz resource shares: the account a call applies to."""

from typing import ClassVar, TypeVar

from telephony_core.models import Model
from telephony_core.provider import Resource, Scope
from telephony_core.wire import build_path

M = TypeVar("M", bound=Model)
#: Keys of a Vobiz reply itself, not of the resource in it: the request's id (`api_id`) and
#: a status text (`message`, e.g. `"created"` in an endpoint's create reply).
REPLY_KEYS = ("api_id", "message")


class AccountResource(Resource[M]):
    """A Vobiz resource living under an account: `tenant=` names it, else the credentials'.

    `collection_path` and `item_path` are the resource's path templates (`{auth_id}`, `{id}`).
    """

    collection_path: ClassVar[str]
    item_path: ClassVar[str]

    def _account(self, scope: Scope) -> str:
        return scope.tenant or self.provider.setting("auth_id")

    def _path(self, scope: Scope, id: str | None = None) -> str:
        """The collection's path, or with `id` the item's (segments checked and escaped)."""
        if id is None:
            return build_path(self.collection_path, auth_id=self._account(scope))
        return build_path(self.item_path, auth_id=self._account(scope), id=id)
