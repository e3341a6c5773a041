"""telephony-core: one Python API for provisioning telephony resources at many vendors.

import telephony_core as tel
with tel.connect("vobiz", sandbox=True) as client:
    client.devices.update("87654321", name="Front desk")
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from telephony_core.errors import (
    AuthenticationError,
    ConfigurationError,
    Conflict,
    NotFound,
    PermissionDenied,
    PluginLoadWarning,
    ProviderError,
    RateLimited,
    ServerError,
    TelephonyError,
    TransportError,
    UnsupportedField,
    UnsupportedFieldWarning,
    UnsupportedOperation,
    ValidationError,
)
from telephony_core.lazy import lazy_names
from telephony_core.models import (
    AccessRule,
    AgentState,
    AgentUser,
    Application,
    AvailableNumber,
    Device,
    HttpMethod,
    NatTraversal,
    NumberSearch,
    NumberType,
    PhoneNumber,
    RecordingMode,
    SrtpMode,
    Tenant,
    Transport,
)
from telephony_core.plugins.hooks import hookimpl, hookspec
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.vendor_plugin import VendorPlugin
from telephony_core.secret import Secret
from telephony_core.translate.capabilities import Capabilities, ResourceCapabilities
from telephony_core.translate.wire import WireRequest, WireResponse

if TYPE_CHECKING:
    from telephony_core.client import AsyncClient, AsyncResourceClient, Client, ResourceClient
    from telephony_core.connecting import connect, connect_async
    from telephony_core.resilience.retries import Retries
    from telephony_core.sandbox.faults import Faults

#: Names whose modules import httpx (and with it ~90 ms of start-up) or the providers'
#: machinery (cattrs, field maps): loaded on first use, so that `import telephony_core`
#: (the models, the errors, the CLI's help) does not pay for them.
_LAZY = {
    "AsyncClient": "telephony_core.client",
    "AsyncResourceClient": "telephony_core.client",
    "Client": "telephony_core.client",
    "ResourceClient": "telephony_core.client",
    "connect": "telephony_core.connecting",
    "connect_async": "telephony_core.connecting",
    "Faults": "telephony_core.sandbox.faults",
    "Retries": "telephony_core.resilience.retries",
}


__getattr__, __dir__ = lazy_names(globals(), _LAZY)

__all__ = [
    "AccessRule",
    "AgentState",
    "AgentUser",
    "Application",
    "AsyncClient",
    "AsyncResourceClient",
    "AuthenticationError",
    "AvailableNumber",
    "Capabilities",
    "Client",
    "ConfigurationError",
    "Conflict",
    "Device",
    "Faults",
    "HttpMethod",
    "NatTraversal",
    "NotFound",
    "NumberSearch",
    "NumberType",
    "PermissionDenied",
    "PhoneNumber",
    "PluginLoadWarning",
    "ProviderError",
    "RateLimited",
    "RecordingMode",
    "RequestRecorder",
    "ResourceCapabilities",
    "ResourceClient",
    "Retries",
    "Secret",
    "ServerError",
    "SrtpMode",
    "TelephonyError",
    "Tenant",
    "Transport",
    "TransportError",
    "UnsupportedField",
    "UnsupportedFieldWarning",
    "UnsupportedOperation",
    "ValidationError",
    "VendorPlugin",
    "WireRequest",
    "WireResponse",
    "__version__",
    "connect",
    "connect_async",
    "hookimpl",
    "hookspec",
]
