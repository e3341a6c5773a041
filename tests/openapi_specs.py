"""Checking a vendor's requests and replies against its published OpenAPI description.

The descriptions are the vendors' files, not the project's: they are not in the repository.
Tests read them from `../shared/vendor-specs/` beside it, or from the folder named by
`TELEPHONY_VENDOR_SPECS`; a test that needs one skips when it is absent, saying which file to
put there and where it comes from (`VendorSpec.require()`). A subclass names its file and its
source, and adds what openapi-core does not check: that a body carries only the keys the
operation declares, and the vendor's error body where an operation documents none.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Self

import httpx
import pytest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from tests.conftest import SPECS_ABSENT, SPECS_ENV, specs_folder


@functools.cache
def _load(path: Path, check_description: bool) -> tuple[OpenAPI, dict[str, Any]]:
    raw = json.loads(path.read_text())
    config = Config() if check_description else Config(spec_validator_cls=None)
    return OpenAPI.from_dict(raw, config=config), raw


class VendorSpec:
    """One vendor's OpenAPI description, and checks of httpx exchanges against it."""

    #: The description's file name in the specs folder, and the vendor's name.
    file: ClassVar[str]
    vendor: ClassVar[str]
    #: Where the file comes from: the vendor's published description (repository, path,
    #: commit) and the part of it the tests need.
    source: ClassVar[str]
    #: The part of the request path the description's `servers` URL holds.
    server_prefix: ClassVar[str] = ""
    #: Whether the description itself is validated as an OpenAPI document when loaded (off
    #: where the vendor's file breaks a rule in a part the tests do not use; say which).
    check_description: ClassVar[bool] = True

    def __init__(self) -> None:
        self.openapi, self.raw = _load(specs_folder() / self.file, self.check_description)

    @classmethod
    def require(cls) -> Self:
        """The checks; the calling test is skipped when the description is absent."""
        folder = specs_folder()
        if not (folder / cls.file).is_file():
            pytest.skip(
                f"{SPECS_ABSENT}: these {cls.vendor} tests need {cls.file} in {folder} "
                f"({SPECS_ENV} names another folder): {cls.source}"
            )
        return cls()

    def schema(self, name: str) -> dict[str, Any]:
        """A schema of `components/schemas`."""
        schema: dict[str, Any] = self.raw["components"]["schemas"][name]
        return schema

    def operation(self, method: str, path: str) -> dict[str, Any] | None:
        """The operation of the path template matching `path` (server prefix removed), if any."""
        relative = path.removeprefix(self.server_prefix)
        for template, operations in self.raw["paths"].items():
            pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
            if re.fullmatch(pattern, relative):
                operation: dict[str, Any] | None = operations.get(method.lower())
                return operation
        return None

    def body_properties(self, request: httpx.Request, content_type: str) -> dict[str, Any]:
        """The properties the operation declares for a request body of `content_type`."""
        operation = self.operation(request.method, request.url.path)
        assert operation is not None, f"{request.method} {request.url.path} is not documented"
        schema = operation["requestBody"]["content"][content_type]["schema"]
        properties: dict[str, Any] = schema["properties"]
        return properties

    def check_request(self, request: httpx.Request) -> None:
        """Raise unless the request is one the description allows."""
        raise NotImplementedError

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """Raise unless the reply is one the description (or the vendor's error shape) allows."""
        raise NotImplementedError

    def validate_request(self, request: httpx.Request) -> None:
        """openapi-core's validation of the request (path, query, security, body)."""
        self.openapi.validate_request(mock_request(request))

    def validate_response(self, request: httpx.Request, response: httpx.Response) -> bool:
        """openapi-core's validation of the reply, when the operation documents its status;
        False (nothing checked) when it does not."""
        operation = self.operation(request.method, request.url.path) or {"responses": {}}
        if str(response.status_code) not in operation["responses"]:
            return False
        self.openapi.validate_response(mock_request(request), mock_response(response))
        return True


class Recorder:
    """A transport handler that checks each request against the spec, answers with `reply`,
    and checks the reply too; `seen` counts the exchanges."""

    def __init__(self, spec: VendorSpec, reply: Callable[[httpx.Request], httpx.Response]) -> None:
        self.spec, self.reply, self.seen = spec, reply, 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.spec.check_request(request)
        response = self.reply(request)
        response.read()
        self.spec.check_response(request, response)
        self.seen += 1
        return response

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


def mock_request(request: httpx.Request) -> MockRequest:
    return MockRequest(
        f"{request.url.scheme}://{request.url.netloc.decode()}",
        request.method.lower(),
        request.url.path,
        headers=dict(request.headers),
        args=dict(request.url.params),
        data=request.content or None,
        content_type=request.headers.get("content-type", "application/json"),
    )


def mock_response(response: httpx.Response) -> MockResponse:
    return MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.headers.get("content-type", "application/json"),
    )
