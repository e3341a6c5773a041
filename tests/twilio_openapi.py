"""Checking Twilio requests and replies against the vendor's published OpenAPI description
(`twilio-api-v2010-provisioning.openapi.json` in the specs folder: accounts, SIP lists,
applications, incoming and available phone numbers; see `tests.openapi_specs`).

Beyond what openapi-core checks: a write is form-encoded and carries only the keys its
operation declares; and since the description documents no error replies, every status an
operation does not list must carry Twilio's error body (`code`, `message`, `more_info`,
`status`: https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import httpx
from openapi_schema_validator import OAS30Validator

from tests.openapi_specs import VendorSpec

FORM = "application/x-www-form-urlencoded"
#: Twilio's error body, as its REST API reference shows it (the OpenAPI description has none).
ERROR_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["code", "message", "more_info", "status"],
    "properties": {
        "code": {"type": "integer"},
        "message": {"type": "string", "minLength": 1},
        "more_info": {"type": "string", "pattern": r"^https://www\.twilio\.com/docs/errors/\d+$"},
        "status": {"type": "integer"},
    },
}


class TwilioSpec(VendorSpec):
    """Twilio's OpenAPI description (the provisioning paths of API 2010-04-01)."""

    file = "twilio-api-v2010-provisioning.openapi.json"
    vendor = "Twilio"
    source = (
        "the provisioning paths (accounts, SIP lists and domains, applications, incoming and "
        "available phone numbers) of spec/json/twilio_api_v2010.json in twilio/twilio-oai "
        "(commit d50069b, 2026-04-14), with the components they reference"
    )

    def check_request(self, request: httpx.Request) -> None:
        """The request validates; a write is a form whose keys the operation declares."""
        self.validate_request(request)
        if not request.content:
            return
        assert request.headers.get("content-type") == FORM, "Twilio writes are form-encoded"
        properties = self.body_properties(request, FORM)
        for key, _ in parse_qsl(request.content.decode(), keep_blank_values=True):
            assert key in properties, f"{key!r} is not a parameter of {request.url.path}"

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """A documented status validates against its schema; any other is Twilio's error."""
        if self.validate_response(request, response):
            return
        assert response.status_code >= 400, f"undocumented success {response.status_code}"
        body = response.json()
        OAS30Validator(ERROR_BODY).validate(body)
        assert body["status"] == response.status_code
        assert body["more_info"].endswith(str(body["code"]))

    def examples(self, method: str, template: str, status: str = "200") -> dict[str, Any]:
        """The documented example replies of an operation, by name."""
        operation = self.raw["paths"][template][method.lower()]
        content = operation["responses"][status]["content"]["application/json"]
        return {name: example["value"] for name, example in content["examples"].items()}
