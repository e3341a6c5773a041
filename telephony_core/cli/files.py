"""The files the `telephony` command reads and writes, and what goes wrong with them in one line.

Records are read through `telephony_core.fleet.read_records`, which names the file and line
of any decoding, JSON or CSV failure; here is everything else: a records file's digest (for
the journal), and the files the command writes (`export -o`, `--mapping-out`, `--journal`,
`--secrets-out`), checked before anything is sent so that a path that cannot be written
fails at once, not after the vendor was changed. Every operating-system failure is a
`ValidationError` naming the file and the option.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from telephony_core.errors import ValidationError

STDIO = "-"


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def fingerprint(path: str) -> str | None:
    """A digest of the records file, so that a journal is resumed with the same input (None
    for standard input)."""
    if path == STDIO:
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {_why(exc)}") from None
    return f"sha256:{digest.hexdigest()}"


def check_writable(path: str | None, option: str) -> None:
    """Refuse, before anything is sent, a path the command could not write: its directory
    missing or not a directory, or the path itself a directory."""
    if path is None or path == STDIO:
        return
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise ValidationError(f"{option} {path}: is a directory, not a file")
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a directory"
        raise ValidationError(f"{option} {path}: the directory {folder} {what}")
    if not os.access(folder, os.W_OK):
        raise ValidationError(f"{option} {path}: the directory {folder} is not writable")


@contextmanager
def written(path: str, option: str) -> Iterator[TextIO]:
    """`path` opened for writing text (UTF-8), closed afterwards; an operating-system failure
    is one line naming it."""
    try:
        fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ValidationError(f"cannot write {option} {path}: {_why(exc)}") from None
    with fh:
        yield fh
