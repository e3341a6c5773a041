"""Checking SiPbx requests and replies against the vendor's published OpenAPI description
(`netsapiens-v2-devices.openapi.json` for devices, `netsapiens-v2-numbers-connections.openapi.json`
for phone numbers, in the specs folder; see `tests.openapi_specs`).

Beyond what openapi-core checks, a request body may only carry keys the operation declares,
and none the description marks `readOnly`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from openapi_schema_validator import OAS31Validator

from tests.openapi_specs import VendorSpec

COUNT_PATH = re.compile(r".*/devices/count")


class SipbxSpec(VendorSpec):
    """The SiPbx OpenAPI description, and checks of httpx exchanges against it."""

    file = "netsapiens-v2-devices.openapi.json"
    vendor = "SiPbx"
    source = (
        "the device paths of NetSapiens.v2.3.1.0.openapi.json, the NetSapiens API v2 "
        "description as published in dszp/n8n-nodes-netsapiens (openapi/), with the "
        "components they reference"
    )
    server_prefix = "/ns-api/v2"

    @property
    def device_properties(self) -> dict[str, Any]:
        """The properties of the `Device` schema."""
        properties: dict[str, Any] = self.schema("Device")["properties"]
        return properties

    def check_request(self, request: httpx.Request) -> None:
        """The request validates, and its body keys are declared and writable."""
        self.validate_request(request)
        body = request.content
        if not body:
            return
        properties = self.body_properties(request, "application/json")
        for key in json.loads(body):
            assert key in properties, f"{key!r} is not a property of the request body"
            assert not properties[key].get("readOnly"), f"{key!r} is read-only"

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """The reply validates against the operation's documented response.

        The count endpoint is not in the published subset: the shape the emulator and the
        provider agree on, `{"total": n}`, is checked instead. A status the operation does not list
        (403, 405), or a path or verb it does not document, must still carry the vendor's
        `ErrorResponse` body.
        """
        if request.method == "GET" and COUNT_PATH.fullmatch(request.url.path):
            assert response.status_code != 200 or set(response.json()) == {"total"}
            assert response.status_code != 200 or isinstance(response.json()["total"], int)
            return
        if not self.validate_response(request, response):
            OAS31Validator(self.schema("ErrorResponse")).validate(response.json())


class SipbxNumbersSpec(SipbxSpec):
    """The phone number and connection paths of the SiPbx OpenAPI description (phoneware's
    vendored copy of NetSapiens API v2), checked as the devices are."""

    file = "netsapiens-v2-numbers-connections.openapi.json"
    source = (
        "the phone number and connection paths of the NetSapiens API v2 OpenAPI 3.1 "
        "description vendored in phoneware/netsapiens-mcp (spec/netsapiens-api-v2.json, "
        "commit 36b7b3e), with the components they reference"
    )
    # Its `DialRule` schema (which no phone number path uses) gives `format: date` fields the
    # default "*", which the OpenAPI validator refuses as a date: the document is not
    # validated on load; requests and replies still are.
    check_description = False

    @property
    def number_properties(self) -> dict[str, Any]:
        """The properties of the `Phonenumber` schema."""
        properties: dict[str, Any] = self.schema("Phonenumber")["properties"]
        return properties


def require_spec() -> SipbxSpec:
    """The SiPbx OpenAPI checks; the calling test is skipped when the description is absent."""
    return SipbxSpec.require()


def require_numbers_spec() -> SipbxNumbersSpec:
    """The checks of SiPbx phone numbers; the calling test is skipped when the description is
    absent."""
    return SipbxNumbersSpec.require()
