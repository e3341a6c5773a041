"""Text for a terminal: what a vendor sends must not drive it (escape sequences, carriage
returns that overwrite a line, right-to-left overrides, undecodable characters)."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with every character that is not printable (control and format characters,
    lone surrogates; spaces other than " ") written as a Python escape, e.g. `\\x1b`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
