"""What every part of the SiPbx sandbox shares: the sandbox token and its domain, the
vendor's error body `{"code", "message"}`, the checks of the domain and user in a path, and
JSON request bodies."""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core.sandbox import BadRequest, Emulator, EmuRequest, EmuResponse, json_response
from telephony_sipbx.devices import ALL_DOMAINS

API = "/ns-api/v2"
SANDBOX_SERVER = "pbx.sandbox.invalid"
SANDBOX_DOMAIN = "example.com"
SANDBOX_USER = "1001"
SANDBOX_TOKEN = "nsd_" + "sandbox".ljust(56, "0")
OWN = "~"
ACCEPTED = {"code": 202, "message": "Accepted"}
NOT_FOUND = "Record not found"
_DOMAIN = re.compile(r"[A-Za-z0-9._-]{1,64}")


def error(status: int, message: str) -> EmuResponse:
    """The vendor's error reply: `{"code": status, "message": message}`."""
    return json_response({"code": status, "message": message}, status)


def invalid(message: str) -> BadRequest:
    """A 400 with the vendor's error body, raised from a handler."""
    return BadRequest(error(400, message))


def missing() -> BadRequest:
    """The vendor's 404, raised from a handler."""
    return BadRequest(error(404, NOT_FOUND))


class SipbxEmulatorBase(Emulator):
    """The token check and path rules of every SiPbx route.

    The sandbox token is a domain key (`nsd_...`) of domain `example.com` whose own user is
    `1001`: `~` in a path means those two. Other domains answer 403, other tokens 401.
    """

    provider = "sipbx"
    credentials: ClassVar[Mapping[str, str]] = {"server": SANDBOX_SERVER, "token": SANDBOX_TOKEN}
    api_root = API
    #: token -> (its own domain, its own user)
    tokens: ClassVar[Mapping[str, tuple[str, str]]] = {
        SANDBOX_TOKEN: (SANDBOX_DOMAIN, SANDBOX_USER)
    }

    def identity(self, request: EmuRequest) -> tuple[str, str] | None:
        """The (domain, user) of the request's token, or None for a token nobody issued."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return self.tokens.get(token) if scheme.lower() == "bearer" else None

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        identity = self.identity(request)
        if identity is None:
            return error(401, "Authentication Required")
        domain = params["domain"]
        if domain != OWN and not _DOMAIN.fullmatch(domain) and not ALL_DOMAINS.fullmatch(domain):
            return error(400, "Invalid domain: at most 64 characters of [A-Za-z0-9._-]")
        if len(params.get("user", "")) > 16:
            return error(400, "Invalid user: at most 16 characters")
        if domain not in (OWN, identity[0]):
            return error(403, f"Access to domain {domain} is not allowed for this key")
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return error(404, NOT_FOUND)

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return error(405, "Method Not Allowed")

    def own_domain(self, request: EmuRequest, domain: str) -> str:
        """`domain` of a path, `~` read as the token's own (`authorize` let it through)."""
        identity = self.identity(request)
        assert identity is not None  # authorize() let the request through
        return identity[0] if domain == OWN else domain

    def body(self, request: EmuRequest) -> dict[str, Any]:
        """The request's JSON object, or the vendor's 400."""
        try:
            body = request.json()
        except BadRequest:
            raise invalid("Request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise invalid("Request body must be a JSON object")
        return body
