"""Names of a package loaded on first use (PEP 562), so that importing the package costs only
what its eager names need: `telephony_core` without httpx, `telephony_core.translate`
without cattrs, `telephony_core.testing` without pytest or vcrpy."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any


def lazy_names(
    namespace: MutableMapping[str, Any], modules: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of a package whose name `n` is imported from the
    module `modules[n]` when first looked up, then kept in `namespace` (the package's
    `globals()`): later lookups are plain attribute reads."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *modules})

    return __getattr__, __dir__
