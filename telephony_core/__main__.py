"""`python -m telephony_core`: update a Vobiz device on the embedded sandbox and print it.

No network and no credentials: the sandbox is the in-process Vobiz emulator.
"""

from __future__ import annotations

import telephony_core as tel


def main() -> None:
    """Run the demo provisioning job against the Vobiz sandbox."""
    with tel.connect("vobiz", sandbox=True) as client:
        print(f"provider: {client.provider.name} (sandbox: in-process emulator, no network)")
        new_password = "Fr0nt-Desk-2026!"  # noqa: S105 - a sandbox demo value
        updated = client.devices.update("87654321", name="Front desk", password=new_password)
        print(f"updated:  {updated}")
        print(f"read back: {client.devices.get('87654321')}")


if __name__ == "__main__":
    main()
