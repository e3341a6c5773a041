"""`import telephony_core` stays quick: the names whose modules need httpx or the providers'
machinery (the clients, `connect`, `Faults`, `Retries`) load on first use (measured, not
timed, in benchmarks/startup.py)."""

from __future__ import annotations

import subprocess
import sys

import telephony_core as tel


def test_importing_the_package_imports_no_http_stack() -> None:
    code = (
        "import sys, telephony_core\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'httpx', 'h11', 'asyncio', 'ssl', 'cattrs'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_lazy_names_are_the_real_ones() -> None:
    from telephony_core.client import AsyncClient, Client
    from telephony_core.connecting import connect, connect_async
    from telephony_core.resilience.retries import Retries
    from telephony_core.sandbox.faults import Faults

    lazy = (tel.connect, tel.connect_async, tel.Client, tel.AsyncClient, tel.Faults, tel.Retries)
    assert lazy == (connect, connect_async, Client, AsyncClient, Faults, Retries)
    assert set(tel.__all__) <= set(dir(tel))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        tel.not_a_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "not_a_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")
