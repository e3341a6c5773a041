"""Checking Telnyx requests and replies against the vendor's published OpenAPI description
(telnyx-v2-provisioning.openapi.json in the specs folder: team-telnyx/openapi
`openapi/spec3.json`, commit 354b744; see `tests.openapi_specs`).

Beyond what openapi-core checks: every query parameter is one the operation declares, down
to the keys of its deepObject parameters (`page[size]`, `filter[organization_name][eq]`:
openapi-core reads neither nested keys nor unknown ones), each value valid for its schema; a
write is JSON and carries only the keys its operation declares; and every error reply is
Telnyx's error list (`{"errors": [{"code", "title", "detail", ...}]}`), whether or not the
operation documents that status.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from openapi_schema_validator import OAS31Validator

from tests.openapi_specs import VendorSpec

JSON = "application/json"
#: `name[key][sub]` -> ("name", ["key", "sub"]).
_DEEP = re.compile(r"([A-Za-z_][\w.]*)((?:\[[\w.]+\])*)")
#: Telnyx's error list, as its error pages and the description's examples show it.
ERROR_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "title", "detail"],
                "properties": {
                    "code": {"type": "string", "pattern": r"^\d{5}$"},
                    "title": {"type": "string", "minLength": 1},
                    "detail": {"type": "string", "minLength": 1},
                    "source": {
                        "type": "object",
                        "properties": {
                            "pointer": {"type": "string", "pattern": "^/"},
                            "parameter": {"type": "string"},
                        },
                    },
                    "meta": {"type": "object", "properties": {"url": {"type": "string"}}},
                },
            },
        }
    },
}


class QueryError(AssertionError):
    """A query parameter the operation does not declare, or an invalid value of one."""


class TelnyxSpec(VendorSpec):
    """Telnyx's OpenAPI description (credential connections, IPs, managed accounts, TeXML
    applications, phone numbers, available numbers, number orders)."""

    file = "telnyx-v2-provisioning.openapi.json"
    vendor = "Telnyx"
    source = (
        "the credential connection, IP connection and IP, managed account, phone number, "
        "available number, number order, TeXML application and telephony credential paths of "
        "openapi/spec3.json in team-telnyx/openapi (commit 354b744, 2026-02-26), with the "
        "components they reference"
    )
    server_prefix = "/v2"
    #: The description's own defaults break its schemas (`"default": null` on integers).
    check_description = False

    def check_request(self, request: httpx.Request) -> None:
        """The request validates; its query holds only declared parameters; a write is a
        JSON object whose keys the operation declares."""
        self.check_query(request)
        self.validate_request(_without_query(request))
        if not request.content:
            return
        assert request.headers.get("content-type") == JSON, "Telnyx writes are JSON"
        properties = self.body_properties(request, JSON)
        for key in json.loads(request.content):
            assert key in properties, f"{key!r} is not a parameter of {request.url.path}"

    def body_properties(self, request: httpx.Request, content_type: str) -> dict[str, Any]:
        """The properties the operation declares for a request body (its `$ref`s and
        `allOf` parts resolved)."""
        operation = self.operation(request.method, request.url.path)
        assert operation is not None, f"{request.method} {request.url.path} is not documented"
        assert "requestBody" in operation, f"{request.method} {request.url.path} takes no body"
        body = self.resolve(operation["requestBody"])
        return self.properties(body["content"][content_type]["schema"])

    def properties(self, schema: dict[str, Any]) -> dict[str, Any]:
        schema = self.resolve(schema)
        found = dict(schema.get("properties", {}))
        for part in schema.get("allOf", []):
            found.update(self.properties(part))
        return found

    def check_query(self, request: httpx.Request) -> None:
        """Each query parameter is declared by the operation (a deepObject's keys too) and
        its value is valid for the schema it names."""
        operation = self.operation(request.method, request.url.path)
        assert operation is not None, f"{request.method} {request.url.path} is not documented"
        declared = {p["name"]: p for p in map(self.resolve, operation.get("parameters", []))}
        for name, value in request.url.params.multi_items():
            match = _DEEP.fullmatch(name)
            if match is None or match.group(1) not in declared:
                raise QueryError(f"{name!r} is not a parameter of {request.url.path}")
            schema = self.resolve(declared[match.group(1)]["schema"])
            for key in re.findall(r"\[([\w.]+)\]", match.group(2)):
                properties = schema.get("properties", {})
                if key not in properties:
                    raise QueryError(f"{name!r} is not a parameter of {request.url.path}")
                schema = self.resolve(properties[key])
            errors = list(OAS31Validator(schema).iter_errors(_cast(value, schema)))
            if errors:
                raise QueryError(f"{name}={value!r}: {errors[0].message}")

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """A documented status validates against its schema; every error is Telnyx's list."""
        if response.status_code >= 400:
            OAS31Validator(ERROR_BODY).validate(response.json())
        if not self.validate_response(_without_query(request), response):
            assert response.status_code >= 400, f"undocumented success {response.status_code}"

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """`node`, or what its `$ref` points to."""
        while "$ref" in node:
            target: Any = self.raw
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def example(self, schema_name: str) -> dict[str, Any]:
        """The documented example of `components/schemas[schema_name]`: its own, else one made
        of its properties' examples (the description documents most replies that way)."""
        found: dict[str, Any] = _example(self, self.schema(schema_name))
        return found


def _example(spec: TelnyxSpec, schema: dict[str, Any]) -> Any:
    schema = spec.resolve(schema)
    if "example" in schema:
        return schema["example"]
    if schema.get("type") == "array" and "items" in schema:
        return [_example(spec, schema["items"])]
    found: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        found.update(_example(spec, part))
    for key, node in schema.get("properties", {}).items():
        value = _example(spec, node)
        if value != {} and value != [{}]:
            found[key] = value
    return found


def _cast(value: str, schema: dict[str, Any]) -> Any:
    """A query value as its schema's type reads it."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "integer" in kinds and re.fullmatch(r"-?\d+", value):
        return int(value)
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


def _without_query(request: httpx.Request) -> httpx.Request:
    """`request` without its query, which `check_query` checks (openapi-core cannot read
    nested deepObject parameters)."""
    return httpx.Request(
        request.method,
        request.url.copy_with(query=None),
        headers=request.headers,
        content=request.content,
    )
