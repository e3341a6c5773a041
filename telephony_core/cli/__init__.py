"""The `telephony` command line (see `telephony --help`)."""

from telephony_core.cli.app import cli, main

__all__ = ["cli", "main"]
