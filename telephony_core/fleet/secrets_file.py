"""`--secrets-out`: where generated passwords go, and nowhere else.

The file is created new (refused if it exists) with mode 0600, and holds one JSON line per
secret: `{"resource", "key", "field", "value"}`. A line is written, flushed and fsynced before
the create that sets the password is sent, so a password is never lost: if a run stops and
the create was not sent, the resumed run generates another one into its own new file, and
for a resource the last file that names it holds its password.
"""

from __future__ import annotations

import json
import os
import threading
from types import TracebackType
from typing import Self

from telephony_core.errors import ConfigurationError
from telephony_core.fleet.items import PlanItem
from telephony_core.secret import Secret


class SecretsFile:
    """A new file of generated secrets, mode 0600 (a `SecretSink`; thread-safe)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise ConfigurationError(
                f"secrets file {self.path} exists: refusing to overwrite it; name a new file"
            ) from None
        except OSError as exc:
            raise ConfigurationError(
                f"cannot create secrets file {self.path}: {exc.strerror}"
            ) from None
        os.fchmod(fd, 0o600)  # whatever the umask
        self._file = os.fdopen(fd, "w", encoding="utf-8")
        self._lock = threading.Lock()
        self.written = 0

    def write(self, item: PlanItem, field: str, value: Secret) -> None:
        """Keep one secret durably (written, flushed and fsynced)."""
        line = {"resource": item.resource, "key": item.key, "field": field, "value": value.reveal()}
        with self._lock:
            self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._file.flush()
            os.fsync(self._file.fileno())
            self.written += 1

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
