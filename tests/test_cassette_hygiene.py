"""Cassettes never hold credentials: checked over every provider's folder."""

from __future__ import annotations

import yaml

from tests.conftest import CASSETTES

SECRET_HEADERS = frozenset({"x-auth-token", "authorization"})


def test_cassettes_are_free_of_credentials() -> None:
    """Every cassette of every provider: no auth header value, no auth_token value."""
    paths = list(CASSETTES.rglob("*.yaml"))
    assert paths, "no cassettes found"
    for path in paths:
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            for part in ("request", "response"):
                for name, values in interaction[part].get("headers", {}).items():
                    if name.lower() in SECRET_HEADERS:
                        assert all(v == "<redacted>" for v in values), f"{path}: {name}"
            for text in (
                interaction["request"].get("body") or "",
                interaction["response"]["body"]["string"] or "",
            ):
                assert '"auth_token"' not in text or '"<redacted>"' in text, f"{path}: auth_token"
