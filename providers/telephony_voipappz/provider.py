"""voipappz: settings, authentication, and the resources it offers."""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Secret
from telephony_core.translate import Provider, Resource, Setting, bearer_auth
from telephony_voipappz.agents import VoipappzAgents


class VoipappzProvider(Provider):
    """voipappz API: `Authorization: Bearer <token>` (a token given with its scheme is sent as
    given), form-encoded bodies.

    The API root is per deployment (there is no default host): pass `base_url=` or set
    `VOIPAPPZ_BASE_URL`; it must be https unless it is a loopback sandbox server.
    """

    name = "voipappz"
    settings = (Setting(name="token", env="VOIPAPPZ_TOKEN", secret=True, help="API token"),)
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {"agents": VoipappzAgents}
    resources_not_offered: ClassVar[Mapping[str, str]] = {
        "numbers": (
            "the vendor's API reference lists Dids (Types, Create, Update, Get By ID, Get All) "
            "but gives no fields, reply or number format for them: docs/voipappz.md says "
            "what was searched"
        ),
        "applications": (
            "voipappz documents no application (a bundle of answer and hangup webhook URLs); "
            "its calls are routed by its own workflows, IVRs and routes"
        ),
    }

    def auth_headers(self) -> Mapping[str, str | Secret]:
        return bearer_auth(self.secret("token"))
