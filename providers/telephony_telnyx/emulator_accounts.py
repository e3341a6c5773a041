"""The Telnyx sandbox's managed accounts: the sub-accounts of the sandbox (manager) account.

Each is an account of its own (its resources apart, reached with its `api_key`). The
listing shows the `ManagedAccountMultiListing` keys (no keys or tokens); a single account's
reply (`ManagedAccount`) carries `api_key`, `api_token` and `balance`. A PATCH changes only
`managed_account_allow_custom_pricing`; `actions/disable` and `actions/enable` switch the
account off and on (a disabled account's key is refused, 403); nothing deletes one.
"""

from typing import Any

from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, route
from telephony_telnyx.emulator_base import (
    API,
    AUTHENTICATION_FAILED,
    BOOL,
    TEXT,
    Account,
    TelnyxEmulatorBase,
    data,
    invalid,
    not_found,
    telnyx_error,
)

_CREATE_KEYS = {
    "email": TEXT,
    "password": TEXT,
    "business_name": TEXT,
    "managed_account_allow_custom_pricing": BOOL,
    "rollup_billing": BOOL,
}
_UPDATE_KEYS = {"managed_account_allow_custom_pricing": BOOL}
#: The keys of a managed account in a listing (`ManagedAccountMultiListing`).
LISTED = (
    "record_type",
    "id",
    "email",
    "api_user",
    "organization_name",
    "manager_account_id",
    "created_at",
    "updated_at",
    "managed_account_allow_custom_pricing",
    "rollup_billing",
)
DEFAULT_PAGE_SIZE = 20


def new_managed_account(
    id: str, manager: Account, email: str, business: str, created: str, api_key: str, token: str
) -> dict[str, Any]:
    """A managed account as Telnyx shows it (`ManagedAccount`)."""
    return {
        "record_type": "managed_account",
        "id": id,
        "email": email,
        "api_key": api_key,
        "api_user": manager.email,
        "api_token": token,
        "organization_name": business,
        "manager_account_id": manager.id,
        "balance": {
            "record_type": "balance",
            "balance": "0.00",
            "credit_limit": "0.00",
            "available_credit": "0.00",
            "currency": "USD",
        },
        "created_at": created,
        "updated_at": created,
        "managed_account_allow_custom_pricing": False,
        "rollup_billing": False,
    }


class AccountsEmulator(TelnyxEmulatorBase):
    """Managed accounts."""

    def manager(self, request: EmuRequest) -> Account:
        """The caller, which must be a manager account (the sandbox account): a managed
        account manages none (401, as the OpenAPI documents for these paths)."""
        account = self.account(request)
        if any(account.id in other.managed_accounts for other in self.accounts.values()):
            raise BadRequest(
                telnyx_error(
                    401, AUTHENTICATION_FAILED, "The current user is not a manager account."
                )
            )
        return account

    def managed(self) -> list[dict[str, Any]]:
        return [a for account in self.accounts.values() for a in account.managed_accounts.values()]

    def managed_account(self, request: EmuRequest, id: str) -> dict[str, Any]:
        found = self.manager(request).managed_accounts.get(id)
        if found is None:
            raise not_found()
        return found

    @route("GET", API + "/managed_accounts")
    def list_managed_accounts(self, request: EmuRequest) -> EmuResponse:
        items = list(self.manager(request).managed_accounts.values())
        for key in ("email", "organization_name"):
            equal, contains = (
                request.arg(f"filter[{key}][eq]"),
                request.arg(f"filter[{key}][contains]"),
            )
            if equal is not None:
                items = [a for a in items if a.get(key) == equal]
            if contains is not None:
                items = [a for a in items if contains.lower() in str(a.get(key)).lower()]
        listed = [{key: a[key] for key in LISTED if key in a} for a in items]
        return self.page(request, listed, DEFAULT_PAGE_SIZE)

    @route("POST", API + "/managed_accounts")
    def create_managed_account(self, request: EmuRequest) -> EmuResponse:
        manager = self.manager(request)
        body = self.body(request, _CREATE_KEYS, ("business_name",))
        number = len(self.managed()) + 1
        email = body.get("email") or manager.email.replace("@", f"+managed{number}@")
        if "@" not in email:
            raise invalid("email", "email must be an e-mail address")
        if email in {a["email"] for a in self.managed()}:
            raise invalid("email", "email has already been taken")
        id = self.uuid()
        api_key = f"KEY0{id.replace('-', '').upper()}_{self.token()}"
        account = new_managed_account(
            id, manager, email, body["business_name"], self.now(), api_key, self.token(16)
        )
        for key in ("managed_account_allow_custom_pricing", "rollup_billing"):
            if body.get(key) is not None:
                account[key] = body[key]
        manager.managed_accounts[id] = account
        self.add_account(Account(id, email, api_key))
        return data(account)

    @route("GET", API + "/managed_accounts/{id}")
    def get_managed_account(self, request: EmuRequest, id: str) -> EmuResponse:
        return data(self.managed_account(request, id))

    @route("PATCH", API + "/managed_accounts/{id}")
    def update_managed_account(self, request: EmuRequest, id: str) -> EmuResponse:
        account = self.managed_account(request, id)
        account.update(self.body(request, _UPDATE_KEYS), updated_at=self.now())
        return data(account)

    @route("POST", API + "/managed_accounts/{id}/actions/disable")
    def disable_managed_account(self, request: EmuRequest, id: str) -> EmuResponse:
        return self.switch(request, id, enabled=False)

    @route("POST", API + "/managed_accounts/{id}/actions/enable")
    def enable_managed_account(self, request: EmuRequest, id: str) -> EmuResponse:
        self.body(request, {"reenable_all_connections": BOOL})
        return self.switch(request, id, enabled=True)

    def switch(self, request: EmuRequest, id: str, *, enabled: bool) -> EmuResponse:
        account = self.managed_account(request, id)
        self.accounts[id].enabled = enabled
        account["updated_at"] = self.now()
        return data(account)
