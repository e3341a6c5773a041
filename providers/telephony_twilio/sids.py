"""Twilio SIDs: two letters naming the kind of resource, then 32 hexadecimal digits.

Every id that goes into a Twilio path is checked against its kind before a request is sent
(the OpenAPI description gives each path parameter the pattern `^XX[0-9a-fA-F]{32}$`), so a
wrong id is a `ValidationError` naming the argument, never a request to another path.
"""

import re

ACCOUNT = "AC"
CREDENTIAL_LIST = "CL"
CREDENTIAL = "CR"
IP_ACCESS_CONTROL_LIST = "AL"
IP_ADDRESS = "IP"
API_KEY = "SK"
APPLICATION = "AP"
PHONE_NUMBER = "PN"
TRUNK = "TK"
_HEX_32 = re.compile(r"[0-9a-fA-F]{32}")

#: What each kind of SID names, for messages.
KINDS = {
    ACCOUNT: "account",
    CREDENTIAL_LIST: "credential list",
    CREDENTIAL: "SIP credential",
    IP_ACCESS_CONTROL_LIST: "IP access control list",
    IP_ADDRESS: "IP address",
    API_KEY: "API key",
    APPLICATION: "application",
    PHONE_NUMBER: "phone number",
    TRUNK: "SIP trunk",
}


def is_sid(prefix: str, value: object) -> bool:
    """Whether `value` is a SID of the kind `prefix` (e.g. "CR" + 32 hex digits)."""
    return (
        isinstance(value, str)
        and value.startswith(prefix)
        and _HEX_32.fullmatch(value[len(prefix) :]) is not None
    )


def sid_problem(prefix: str, value: object) -> str | None:
    """Why `value` is not a SID of kind `prefix`, or None if it is one."""
    if is_sid(prefix, value):
        return None
    return (
        f"must be a Twilio {KINDS[prefix]} SID ({prefix} followed by 32 hex digits), not {value!r}"
    )
