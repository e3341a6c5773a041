"""The core's HTTP Basic and Bearer helpers: header values are Secrets."""

from __future__ import annotations

import base64

from telephony_core.secret import Secret
from telephony_core.translate.auth import basic_auth, bearer_auth


def test_basic_auth_is_rfc7617_and_secret() -> None:
    header = basic_auth("MA_X", Secret("tok:en"))["Authorization"]
    assert isinstance(header, Secret)
    assert "tok" not in repr(header)
    scheme, encoded = header.reveal().split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == "MA_X:tok:en"


def test_bearer_auth_adds_the_scheme_once() -> None:
    assert bearer_auth("nss_abc")["Authorization"] == Secret("Bearer nss_abc")
    assert bearer_auth(Secret("Bearer xyz"))["Authorization"] == Secret("Bearer xyz")
    assert bearer_auth("Token xyz")["Authorization"] == Secret("Token xyz")
