"""Example Phones: settings, authentication, and the resources it offers."""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Secret
from telephony_core.translate import Provider, Resource, Setting, bearer_auth
from telephony_example.phones import ExamplePhones


class ExampleProvider(Provider):
    """The Example Phones API: `https://api.example.net/v1`, `Authorization: Bearer <key>`."""

    name = "example"
    default_base_url = "https://api.example.net"
    settings = (
        Setting(name="api_key", env="EXAMPLE_API_KEY", secret=True, help="API key (ek_...)"),
    )
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {"devices": ExamplePhones}

    def auth_headers(self) -> Mapping[str, str | Secret]:
        # bearer_auth gives a Secret value: masked in reprs, logs, errors, dry runs, cassettes.
        return bearer_auth(self.secret("api_key"))
