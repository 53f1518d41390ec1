"""Service failures: a stable machine code apart from the message shown to people.

Messages are written in Chinese and translated (``gettext``) in the language active when the
failure is raised, that of the request.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class ServiceError(Exception):
    code = "service-error"
    status = 400

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotAllowed(ServiceError):
    """The actor's roles do not allow this on this document (or it does not exist for them)."""

    code = "not-allowed"
    status = 403


class Locked(ServiceError):
    """The document is not a draft: nobody may change its content."""

    code = "locked"
    status = 409


class Conflict(ServiceError):
    """The save was based on a version that is no longer the current one."""

    code = "version-conflict"
    status = 409

    def __init__(self, based_on: int, current: int) -> None:
        super().__init__(
            _("保存失败：您编辑的是第 %(based_on)d 版，但文档已被他人保存为第 %(current)d 版")
            % {"based_on": based_on, "current": current},
            based_on=based_on,
            current=current,
        )
        self.based_on = based_on
        self.current = current


class InvalidTransition(ServiceError):
    """The workflow action does not apply to the document's state (any more)."""

    code = "invalid-transition"
    status = 409


class Refused(ServiceError):
    """Submitting with error-severity findings: the findings come along."""

    code = "has-errors"
    status = 422


class InvalidInput(ServiceError):
    code = "invalid-input"
    status = 400
