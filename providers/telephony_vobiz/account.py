"""What every Vobiz resource shares: the account a call applies to."""

from typing import TypeVar

from telephony_core.models import Model
from telephony_core.provider import Resource, Scope

M = TypeVar("M", bound=Model)


class AccountResource(Resource[M]):
    """A Vobiz resource living under an account: `tenant=` names it, else the credentials'."""

    def _account(self, scope: Scope) -> str:
        return scope.tenant or self.provider.setting("auth_id")
