"""Twilio SIP IP addresses (members of an IP access control list) as neutral access rules.

`owner` is the IP access control list (`AL...`), `tenant` the account. The neutral `cidr`
is two Twilio parameters: `10.40.50.0/24` is sent as `IpAddress=10.40.50.0` and
`CidrPrefixLength=24`, and read back from `ip_address` and `cidr_prefix_length`. An update
sends only what changes, in one POST. There is no enabled state.
"""

import ipaddress
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import AccessRule
from telephony_core.translate import FieldMap, JsonObject, Scope, WireField
from telephony_twilio import sids
from telephony_twilio.base import DATE_FIELDS, SipListMembers

MAX_FRIENDLY_NAME = 255
#: A network written with all 32 bits is the bare address (the neutral form has no "/32").
WHOLE_ADDRESS = 32
_NO_ENABLED = (
    "a Twilio IP address entry has no enabled state: delete it to stop allowing the address, "
    "create it again to allow it"
)

FIELDS = FieldMap(
    WireField("id", "Sid", reply="sid", update=False, create=False),
    WireField("tenant", "AccountSid", reply="account_sid", update=False, create=False),
    WireField(
        "owner",
        "IpAccessControlListSid",
        reply="ip_access_control_list_sid",
        update=False,
        create=False,
    ),
    WireField("name", "FriendlyName", reply="friendly_name"),
    # Sent as IpAddress + CidrPrefixLength (see `form`), read from the folded ip_address.
    WireField("cidr", "IpAddress", reply="ip_address"),
    *DATE_FIELDS,
    ignore=("uri",),
)


def fold_cidr(obj: Any) -> Any:
    """An IP address object with `cidr_prefix_length` folded into `ip_address`
    (`"10.40.50.0"` and `24` -> `"10.40.50.0/24"`), which the `cidr` field reads.

    A missing, null or 0 prefix length is the whole address, as the reference documents
    ("By default the entire IP address is used"; the schema's default is 0). A prefix length
    that is no number makes the folded value unreadable, so `cidr` is left unknown (never
    the bare address, which would be another rule) and the value kept in `extra`.
    """
    if not isinstance(obj, dict) or not isinstance(obj.get("ip_address"), str):
        return obj
    prefix = obj.get("cidr_prefix_length")
    if isinstance(prefix, str) and prefix.isdigit():
        prefix = int(prefix)
    changes = {}
    if prefix not in (None, 0, WHOLE_ADDRESS) or isinstance(prefix, bool):
        changes["ip_address"] = f"{obj['ip_address']}/{prefix}"
    if isinstance(obj, JsonObject):  # keeps what the reply repeated
        return obj.copy_with(changes, drop=["cidr_prefix_length"])
    return {**{k: v for k, v in obj.items() if k != "cidr_prefix_length"}, **changes}


class TwilioAccessRules(SipListMembers[AccessRule]):
    """`client.access_rules` at Twilio (the SIP IpAddress API)."""

    model = AccessRule
    fields = FIELDS
    items_key = "ip_addresses"
    container_setting = "ip_access_control_list"
    container_prefix = sids.IP_ACCESS_CONTROL_LIST
    member_prefix = sids.IP_ADDRESS
    collection_path = "/Accounts/{account}/SIP/IpAccessControlLists/{container}/IpAddresses.json"
    item_path = "/Accounts/{account}/SIP/IpAccessControlLists/{container}/IpAddresses/{id}.json"
    natural_key = "cidr"
    required_at_create = frozenset({"name", "cidr"})
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"name": (1, MAX_FRIENDLY_NAME)}
    hints: ClassVar[Mapping[str, str]] = {"enabled": _NO_ENABLED}
    #: Twilio's 400s name the parameter in their message, not in details.
    message_fields: ClassVar[Mapping[str, str]] = {
        "FriendlyName": "name",
        "IpAddress": "cidr",
        "CidrPrefixLength": "cidr",
    }

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        cidr = values.get("cidr")
        if cidr is not None and ipaddress.IPv4Network(cidr).prefixlen == 0:
            return {
                "cidr": "cannot be a /0 network at Twilio: a prefix length of 0 means the single "
                "address there"
            }
        return {}

    def form(self, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """The neutral `cidr` becomes `IpAddress` and `CidrPrefixLength`."""
        pairs: list[tuple[str, Any]] = []
        for key, value in super().form(values):
            if key == "IpAddress":
                network = ipaddress.IPv4Network(value)
                pairs += [
                    ("IpAddress", str(network.network_address)),
                    ("CidrPrefixLength", network.prefixlen),
                ]
            else:
                pairs.append((key, value))
        return pairs

    def reply_object(self, obj: Any) -> Any:
        return fold_cidr(obj)
