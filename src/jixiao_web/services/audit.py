"""Writing the audit trail: one entry per act, in the same transaction as the act."""

from __future__ import annotations

from typing import Any

from jixiao_web.audit.models import AuditLog
from jixiao_web.services.policy import Actor


def record(actor: Actor, action: str, obj: Any, **detail: Any) -> AuditLog:
    user = actor.user if actor.is_authenticated else None
    return AuditLog.objects.create(
        actor=user,
        actor_name=actor.username,
        action=action,
        ip=actor.ip,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        detail=detail,
    )
