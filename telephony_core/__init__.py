"""telephony-core: one Python API for provisioning telephony resources at many vendors.

import telephony_core as tel
with tel.connect("vobiz", sandbox=True) as client:
    client.devices.update("87654321", name="Front desk")
"""

__version__ = "0.1.0"

from telephony_core.capabilities import Capabilities, ResourceCapabilities
from telephony_core.client import AsyncClient, AsyncResourceClient, Client, ResourceClient
from telephony_core.connect import connect, connect_async
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
from telephony_core.hookspecs import hookimpl, hookspec
from telephony_core.models import (
    AccessRule,
    AgentState,
    AgentUser,
    Device,
    NatTraversal,
    RecordingMode,
    SrtpMode,
    Tenant,
    Transport,
)
from telephony_core.retries import Retries
from telephony_core.sandbox.faults import Faults
from telephony_core.secret import Secret
from telephony_core.wire import WireRequest, WireResponse

__all__ = [
    "AccessRule",
    "AgentState",
    "AgentUser",
    "AsyncClient",
    "AsyncResourceClient",
    "AuthenticationError",
    "Capabilities",
    "Client",
    "ConfigurationError",
    "Conflict",
    "Device",
    "Faults",
    "NatTraversal",
    "NotFound",
    "PermissionDenied",
    "PluginLoadWarning",
    "ProviderError",
    "RateLimited",
    "RecordingMode",
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
    "WireRequest",
    "WireResponse",
    "__version__",
    "connect",
    "connect_async",
    "hookimpl",
    "hookspec",
]
