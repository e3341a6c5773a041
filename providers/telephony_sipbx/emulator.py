"""The SiPbx sandbox: NetSapiens API v2 devices of users (here) and phone numbers of domains
(`emulator_numbers`), kept in memory.

The sandbox token is a domain key (`nsd_...`) of domain `example.com` whose own user is
`1001`: `~` in a path means those two (`emulator_base`). Writes answer `202 {"code": 202,
"message": "Accepted"}` and, unlike the real API, are applied before the reply, so a read
right after sees them. Errors are `{"code", "message"}`.
"""

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, Sample, json_response, route
from telephony_sipbx.devices import READ_ONLY_KEYS
from telephony_sipbx.emulator_base import (
    ACCEPTED,
    API,
    NOT_FOUND,
    OWN,
    SANDBOX_DOMAIN,
    SANDBOX_SERVER,
    SANDBOX_TOKEN,
    SANDBOX_USER,
    error,
    invalid,
)
from telephony_sipbx.emulator_numbers import SipbxNumbersEmulator

__all__ = [
    "SANDBOX_DOMAIN",
    "SANDBOX_SERVER",
    "SANDBOX_TOKEN",
    "SANDBOX_USER",
    "SipbxEmulator",
]

DEVICES = API + "/domains/{domain}/users/{user}/devices"


def _one_of(*allowed: str) -> Callable[[object], bool]:
    return lambda value: value in allowed


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_str_or_null(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_YES_NO = _one_of("yes", "no")
#: What the vendor accepts for each writable key (the OpenAPI Device schema).
WRITABLE: Mapping[str, Callable[[object], bool]] = {
    "device-sip-registration-password": _is_str,
    "caller-id-number-emergency": _is_str,
    "device-force-notify-new-voicemails-enabled": _YES_NO,
    "device-level-call-recording-enabled": _YES_NO,
    "device-push-enabled": _YES_NO,
    "device-sip-registration-expiry-seconds": _is_int,
    "device-sip-registration-ignore-for-presence-calculation": _YES_NO,
    "device-sip-registration-ignore-report-enabled": _YES_NO,
    "device-sip-no-to-tag-in-cancel": _YES_NO,
    "device-srtp-enabled": _one_of("yes", "no", "opportunistic"),
    "auto-answer-enabled": _YES_NO,
    "recording-configuration": _one_of(
        "yes", "yes-with-transcription", "yes-with-transcription-and-sentiment", "no"
    ),
    "device-sip-allowed-user-agent": _is_str,
    "device-sip-nat-traversal-enabled": _one_of("automatic", "none", "never", "fixed"),
    "emergency-address-id": _is_str_or_null,
    "device-models-model": _is_str,
    "device-provisioning-mac-address": _is_str,
    "device-provisioning-registration-core-server": _is_str,
    "device-provisioning-sip-transport-protocol": _one_of("udp", "tcp", "tls"),
    "device-provisioning-username": _is_str_or_null,
    "device-provisioning-password": _is_str_or_null,
    "device-provisioning-line": _is_int,
    "device-provisioning-overrides": _is_str,
}
#: The OpenAPI defaults of a new device.
DEFAULTS: Mapping[str, Any] = {
    "caller-id-number-emergency": "[*]",
    "device-force-notify-new-voicemails-enabled": "no",
    "device-level-call-recording-enabled": "no",
    "device-push-enabled": "yes",
    "device-sip-registration-expiry-seconds": 60,
    "device-sip-registration-ignore-for-presence-calculation": "no",
    "device-sip-registration-ignore-report-enabled": "no",
    "device-sip-no-to-tag-in-cancel": "no",
    "device-srtp-enabled": "no",
    "auto-answer-enabled": "no",
    "recording-configuration": "no",
    "device-sip-nat-traversal-enabled": "automatic",
    "device-provisioning-sip-transport-protocol": "udp",
}
_DOMAIN = re.compile(r"[A-Za-z0-9._-]{1,64}")
_MAC = re.compile(r"[0-9a-f]{12}")


class _User:
    def __init__(self, domain: str, user: str, full_name: str) -> None:
        self.domain, self.user, self.full_name = domain, user, full_name
        self.devices: dict[str, dict[str, Any]] = {}

    def add(self, device: str, **values: Any) -> dict[str, Any]:
        record = {
            # Left unset, the vendor makes a random 16-character password.
            "device-sip-registration-password": secrets.token_urlsafe(12),
            **DEFAULTS,
            "device-sip-registration-state": "unregistered",
            "device-sip-registration-datetime": None,
            "device-sip-registration-expires-datetime": None,
            **values,
        }
        self.devices[device] = record
        return record

    def public(self, device: str) -> dict[str, Any]:
        return {
            "device": device,
            "user": self.user,
            "domain": self.domain,
            "device-sip-registration-uri": f"sip:{device}@{self.domain}",
            "login-username": f"{self.user}@{self.domain}",
            "name-full-name": self.full_name,
            **self.devices[device],
        }


def _seed() -> dict[str, dict[str, _User]]:
    owner = _User(SANDBOX_DOMAIN, SANDBOX_USER, "Alex Example")
    owner.add(
        "1001a",
        **{
            "device-sip-registration-password": "Desk-Phone-1001a",
            "device-sip-registration-state": "registered",
            "device-sip-registration-contact": "sip:1001a@192.0.2.10:5060",
            "device-sip-registration-core-server": "core1.example.com",
            "device-sip-registration-datetime": "2024-05-01T12:00:00+00:00",
            "device-sip-registration-expires-datetime": "2024-05-01T12:01:00+00:00",
            "device-sip-registration-ip-address": "192.0.2.10:5060",
            "device-sip-registration-user-agent": "Yealink T48 2.3.232",
            "device-sip-latency-seconds-current": 0.042,
            "device-sip-latency-seconds-average": 0.05,
            "device-models-model": "Yealink T48S",
            "device-provisioning-mac-address": "805ec0123456",
            "device-provisioning-line": 1,
        },
    )
    owner.add("1001b", **{"device-sip-registration-password": "Soft-Phone-1001b"})
    colleague = _User(SANDBOX_DOMAIN, "1002", "Sam Example")
    colleague.add("1002a", **{"device-sip-registration-password": "Desk-Phone-1002a"})
    return {SANDBOX_DOMAIN: {u.user: u for u in (owner, colleague)}}


class SipbxEmulator(SipbxNumbersEmulator):
    """In-memory NetSapiens API v2: the device endpoints (here) and the phone numbers
    (`SipbxNumbersEmulator`)."""

    examples: ClassVar[Mapping[str, str]] = {"devices": "1001a", "numbers": "14155550100"}
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {
            "id": "1001c",
            "password": "N3w-Device-Pass",
            "transport": "tls",
            "srtp": "required",
            "recording": "transcribed",
            "registration_expiry_s": 300,
            "nat_traversal": "never",
            "allowed_user_agent": "Yealink",
            "emergency_caller_id": "+15555550100",
            "emergency_address_id": "addr-42",
            "auto_answer": True,
            "model": "Poly VVX 450",
            # SiPbx links a MAC address to a device model: both go in one request.
            "mac_address": Sample("80:5e:c0:ab:cd:ef", requires={"model": "Yealink T48S"}),
            "provisioning_server": "core1.example.com",
            "provisioning_username": "prov-1001a",
            "provisioning_password": "Prov-Passw0rd-1001",
            "provisioning_line": 2,
            "provisioning_overrides": "sip.line.1.label=Desk",
            "extra.device-force-notify-new-voicemails-enabled": "yes",
            "extra.device-level-call-recording-enabled": "yes",
            "extra.device-push-enabled": "no",
            "extra.device-sip-registration-ignore-for-presence-calculation": "yes",
            "extra.device-sip-registration-ignore-report-enabled": "yes",
            "extra.device-sip-no-to-tag-in-cancel": "yes",
        },
        "numbers": {
            "number": "+14155550142",
            "name": "Support line",
            "user_id": "1002",
            "trunk_id": "carrier-b",
        },
    }
    #: What the seeded state holds (reported in the served index).
    seeded: ClassVar[Mapping[str, Sequence[str]]] = {
        "devices": ("1001a", "1001b", "1002a"),
        "numbers": SipbxNumbersEmulator.seeded_numbers,
    }

    def reset(self) -> None:
        super().reset()
        self.domains = _seed()

    def _user(self, request: EmuRequest, domain: str, user: str) -> _User:
        identity = self.identity(request)
        assert identity is not None  # authorize() let the request through
        domain = identity[0] if domain == OWN else domain
        user = identity[1] if user == OWN else user
        found = self.domains.get(domain, {}).get(user)
        if found is None:
            raise BadRequest(error(404, NOT_FOUND))
        return found

    def _device(self, owner: _User, device: str) -> dict[str, Any]:
        record = owner.devices.get(device)
        if record is None:
            raise BadRequest(error(404, NOT_FOUND))
        return record

    def _writes(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The writable keys of `body`, checked; unknown keys are ignored, as the API does."""
        for key in sorted(body):
            if key in READ_ONLY_KEYS:
                raise invalid(f"{key} is read-only")
            check = WRITABLE.get(key)
            if check is not None and not check(body[key]):
                raise invalid(f"Invalid value for {key}")
        writes = {key: value for key, value in body.items() if key in WRITABLE}
        mac = writes.get("device-provisioning-mac-address")
        if mac is not None:
            if "device-models-model" not in writes:
                raise invalid("device-provisioning-mac-address requires device-models-model")
            writes["device-provisioning-mac-address"] = mac = re.sub(r"[:.-]", "", mac.lower())
            if not _MAC.fullmatch(mac):
                raise invalid("Invalid device-provisioning-mac-address")
        return writes

    @route("GET", DEVICES + "/count")
    def count_devices(self, request: EmuRequest, domain: str, user: str) -> EmuResponse:
        return json_response({"total": len(self._user(request, domain, user).devices)})

    @route("GET", DEVICES)
    def list_devices(self, request: EmuRequest, domain: str, user: str) -> EmuResponse:
        owner = self._user(request, domain, user)
        return json_response([owner.public(device) for device in owner.devices])

    @route("POST", DEVICES)
    def create_device(self, request: EmuRequest, domain: str, user: str) -> EmuResponse:
        owner = self._user(request, domain, user)
        body = self.body(request)
        device = body.get("device")
        if not isinstance(device, str) or not device:
            raise invalid("device is required")
        synchronous = body.get("synchronous", "no")
        if synchronous not in ("yes", "no"):
            raise invalid("Invalid value for synchronous")
        writes = self._writes(body)
        if device in owner.devices:
            raise invalid(f"Device {device} already exists")
        owner.add(device, **writes)
        if synchronous == "yes":
            return json_response(owner.public(device))
        return json_response(ACCEPTED, 202)

    @route("GET", DEVICES + "/{device}")
    def get_device(self, request: EmuRequest, domain: str, user: str, device: str) -> EmuResponse:
        owner = self._user(request, domain, user)
        self._device(owner, device)
        return json_response(owner.public(device))

    @route("PUT", DEVICES + "/{device}")
    def update_device(
        self, request: EmuRequest, domain: str, user: str, device: str
    ) -> EmuResponse:
        record = self._device(self._user(request, domain, user), device)
        record.update(self._writes(self.body(request)))
        return json_response(ACCEPTED, 202)

    @route("DELETE", DEVICES + "/{device}")
    def delete_device(
        self, request: EmuRequest, domain: str, user: str, device: str
    ) -> EmuResponse:
        owner = self._user(request, domain, user)
        self._device(owner, device)
        del owner.devices[device]
        return json_response(ACCEPTED, 202)
