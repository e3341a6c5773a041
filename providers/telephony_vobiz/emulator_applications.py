"""The Vobiz sandbox's Application API, kept as Plivo-style APIs keep applications
(`telephony_core.plivo_style.ApplicationBook`).

`/api/v1/Account/{auth_id}/Application/`, trailing slash. A create needs `app_name` and
`answer_url` and answers 201 `{"api_id", "app_id", "message": "created"}`; an update changes
only the keys sent (the name too) and answers 202 `{"api_id", "message": "changed"}`; reads
carry `created_at` and `updated_at`; an unknown application is a 404 `{"error":
"Application not found", "app_id"}`; an application numbers are still attached to cannot be
deleted (409). Seeded: the two applications the sandbox's endpoints point at.
"""

import uuid
from typing import Any

from telephony_core.plivo_style import (
    APPLICATION_KEYS,
    ApplicationBook,
    application_problems,
    offset_page,
)
from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, json_response, route
from telephony_vobiz.emulator_base import VobizEmulatorBase, invalid_parameters

#: The sandbox account's applications (the ids of the documented endpoint examples).
SEEDED_APPLICATIONS = {"98765432": "Customer Service App", "12345678": "Sales App"}
SEEDED_AT = "2025-10-28T10:30:00Z"
MAX_LIMIT = 100
SIP_DOMAIN = "sip.vobiz.ai"


class ApplicationEmulator(VobizEmulatorBase):
    """In-memory Vobiz applications, per account."""

    def reset(self) -> None:
        super().reset()
        self.applications: dict[str, ApplicationBook] = {}

    def apps(self, auth_id: str) -> ApplicationBook:
        """The account's applications (seeded on first use)."""
        if auth_id not in self.applications:
            book = self.applications[auth_id] = ApplicationBook(first_id=40000001)
            for app_id, name in SEEDED_APPLICATIONS.items():
                body = {"app_name": name, "answer_url": "https://example.com/answer"}
                book.add(body, app_id=app_id, now=SEEDED_AT)
        return self.applications[auth_id]

    def attached_numbers(self, auth_id: str, app_id: str) -> list[str]:
        """The numbers of the account attached to the application (the numbers part says)."""
        return []

    def _app(self, auth_id: str, app_id: str) -> dict[str, Any]:
        app = self.apps(auth_id).apps.get(app_id)
        if app is None:
            raise BadRequest(
                json_response({"error": "Application not found", "app_id": app_id}, 404)
            )
        return app

    def _shown(self, auth_id: str, app: dict[str, Any]) -> dict[str, Any]:
        """The Application Object of the newest documents (with its timestamps)."""
        return ApplicationBook.shown(app, auth_id, sip_domain=SIP_DOMAIN) | {
            "default_number_app": app["default_number_app"],
            "application_type": "XML",
            "log_incoming_message": True,
            "sip_transfer_method": "POST",
            "sip_transfer_url": None,
            "created_at": app["created_at"],
            "updated_at": app["updated_at"],
        }

    def _checked(self, request: EmuRequest, *, creating: bool) -> dict[str, Any]:
        body = self.body_object(request, lambda why: invalid_parameters({"body": why}))
        problems = {key: "Unknown field" for key in body if key not in APPLICATION_KEYS}
        problems |= application_problems(body, creating=creating)
        if problems:
            raise invalid_parameters(problems)
        return body

    @route("GET", "/api/v1/Account/{auth_id}/Application/")
    def list_applications(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        apps = list(self.apps(auth_id).apps.values())
        page, meta = offset_page(
            request,
            apps,
            max_limit=MAX_LIMIT,
            refuse=lambda why: invalid_parameters({"limit": why}),
        )
        objects = [self._shown(auth_id, app) for app in page]
        return json_response({"api_id": str(uuid.uuid4()), "meta": meta, "objects": objects})

    @route("POST", "/api/v1/Account/{auth_id}/Application/")
    def create_application(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        body = self._checked(request, creating=True)
        app = self.apps(auth_id).add(body, now=self.now())
        reply = {"api_id": str(uuid.uuid4()), "app_id": app["app_id"], "message": "created"}
        return json_response(reply, 201)

    @route("GET", "/api/v1/Account/{auth_id}/Application/{app_id}/")
    def get_application(self, request: EmuRequest, auth_id: str, app_id: str) -> EmuResponse:
        shown = self._shown(auth_id, self._app(auth_id, app_id))
        return json_response({"api_id": str(uuid.uuid4()), **shown})

    @route("POST", "/api/v1/Account/{auth_id}/Application/{app_id}/")
    def update_application(self, request: EmuRequest, auth_id: str, app_id: str) -> EmuResponse:
        app = self._app(auth_id, app_id)
        app.update(self._checked(request, creating=False), updated_at=self.now())
        return json_response({"api_id": str(uuid.uuid4()), "message": "changed"}, 202)

    @route("DELETE", "/api/v1/Account/{auth_id}/Application/{app_id}/")
    def delete_application(self, request: EmuRequest, auth_id: str, app_id: str) -> EmuResponse:
        self._app(auth_id, app_id)
        attached = self.attached_numbers(auth_id, app_id)
        if attached:
            message = "Application has phone numbers attached: detach them first"
            return json_response({"error": message, "numbers": attached, "code": 409}, 409)
        del self.apps(auth_id).apps[app_id]
        return EmuResponse(status=204)
