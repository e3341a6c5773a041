"""Checking SiPbx requests and replies against the vendor's published OpenAPI description.

The description lives outside the repository (../shared/vendor-specs/); tests that need it
skip, saying why, when it is absent. Beyond what openapi-core checks, a request body may only
carry keys the operation declares, and none the description marks `readOnly`.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS31Validator

from tests.conftest import SHARED

SPEC_PATH = SHARED / "vendor-specs" / "netsapiens-v2-devices.openapi.json"
SERVER_PREFIX = "/ns-api/v2"
COUNT_PATH = re.compile(r".*/devices/count")


@functools.cache
def _load() -> tuple[OpenAPI, dict[str, Any]]:
    raw = json.loads(SPEC_PATH.read_text())
    return OpenAPI.from_dict(raw), raw


class SipbxSpec:
    """The SiPbx OpenAPI description, and checks of httpx exchanges against it."""

    def __init__(self) -> None:
        self.openapi, self.raw = _load()

    @property
    def device_properties(self) -> dict[str, Any]:
        """The properties of the `Device` schema."""
        properties: dict[str, Any] = self.raw["components"]["schemas"]["Device"]["properties"]
        return properties

    def operation(self, method: str, path: str) -> dict[str, Any] | None:
        """The operation of the path template matching `path` (server prefix removed), if any."""
        relative = path.removeprefix(SERVER_PREFIX)
        for template, operations in self.raw["paths"].items():
            if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", template), relative):
                operation: dict[str, Any] | None = operations.get(method.lower())
                return operation
        return None

    def check_request(self, request: httpx.Request) -> None:
        """The request validates, and its body keys are declared and writable."""
        self.openapi.validate_request(_mock_request(request))
        body = request.content
        if not body:
            return
        operation = self.operation(request.method, request.url.path)
        assert operation is not None, f"{request.method} {request.url.path} is not documented"
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        properties = schema["properties"]
        for key in json.loads(body):
            assert key in properties, f"{key!r} is not a property of the request body"
            assert not properties[key].get("readOnly"), f"{key!r} is read-only"

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """The reply validates against the operation's documented response.

        The count endpoint is not in the published subset: its documented shape
        `{"total": n}` (VENDORS.md) is checked instead. A status the operation does not list
        (403, 405), or a path or verb it does not document, must still carry the vendor's
        `ErrorResponse` body.
        """
        if request.method == "GET" and COUNT_PATH.fullmatch(request.url.path):
            assert response.status_code != 200 or set(response.json()) == {"total"}
            assert response.status_code != 200 or isinstance(response.json()["total"], int)
            return
        operation = self.operation(request.method, request.url.path) or {"responses": {}}
        if str(response.status_code) in operation["responses"]:
            self.openapi.validate_response(_mock_request(request), _mock_response(response))
        else:
            error_schema = self.raw["components"]["schemas"]["ErrorResponse"]
            OAS31Validator(error_schema).validate(response.json())


def _mock_request(request: httpx.Request) -> MockRequest:
    return MockRequest(
        f"{request.url.scheme}://{request.url.netloc.decode()}",
        request.method.lower(),
        request.url.path,
        headers=dict(request.headers),
        data=request.content or None,
        content_type=request.headers.get("content-type", "application/json"),
    )


def _mock_response(response: httpx.Response) -> MockResponse:
    return MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.headers.get("content-type", "application/json"),
    )


def require_spec() -> SipbxSpec:
    """The SiPbx OpenAPI checks; the calling test is skipped when the description is absent."""
    if not SPEC_PATH.is_file():
        pytest.skip(
            f"the SiPbx OpenAPI description {SPEC_PATH} is absent (it is kept outside the "
            "repository, in ../shared/vendor-specs/)"
        )
    return SipbxSpec()
