"""The state machine: 草稿 → 已提交 → 单位已签 → 已复核 → 已公开, 退回 and 重新打开.

Each act checks the policy, moves the state with a compare-and-set on the state it was taken
from (two reviewers acting at once cannot both succeed) and writes its audit entry in the same
transaction.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jixiao_web.evaluations.models import Document, Review, Version
from jixiao_web.services import audit, policy
from jixiao_web.services.checking import error_findings, report_dict
from jixiao_web.services.documents import readable_document
from jixiao_web.services.errors import InvalidInput, InvalidTransition, NotAllowed, Refused
from jixiao_web.services.policy import TRANSITIONS, Actor


def _move(actor: Actor, document: Document, action: str, **detail: Any) -> Document:
    transition = TRANSITIONS[action]
    if not policy.may_take(actor, document, action):
        raise NotAllowed(
            _("您无权对“%(state)s”状态的文档执行“%(action)s”")
            % {"state": document.get_state_display(), "action": transition.label}
        )
    from_state = document.state
    reason = str(detail.get("reason", ""))
    changed = Document.objects.filter(pk=document.pk, state=from_state).update(
        state=transition.to_state,
        return_reason=reason if action in {"return", "reopen"} else "",
        updated_at=timezone.now(),  # update() skips auto_now: the lists sort by this
    )
    if changed == 0:
        raise InvalidTransition(_("文档状态已被他人改变，请刷新后重试"))
    audit.record(
        actor,
        action,
        document,
        from_state=from_state,
        to_state=str(transition.to_state),
        version=document.version,
        **detail,
    )
    document.refresh_from_db()
    return document


def submit(actor: Actor, document_id: int) -> Document:
    """填报人 submits a draft; refused, with the list, while error findings remain."""
    document = readable_document(actor, document_id)
    version = Version.objects.get(document=document, number=document.version)
    errors = error_findings(version.check_json)
    if errors and policy.may_take(actor, document, "submit"):
        count = len(errors)
        message = ngettext(
            "还有 %(count)d 项错误，改正后才能提交", "还有 %(count)d 项错误，改正后才能提交", count
        )
        raise Refused(message % {"count": count}, findings=errors)
    with transaction.atomic():
        return _move(actor, document, "submit")


def sign(actor: Actor, document_id: int) -> Document:
    with transaction.atomic():
        return _move(actor, readable_document(actor, document_id), "sign")


def publish(actor: Actor, document_id: int) -> Document:
    with transaction.atomic():
        return _move(actor, readable_document(actor, document_id), "publish")


def send_back(actor: Actor, document_id: int, reason: str) -> Document:
    """退回: back to 草稿 from any review step, with the reason the filler will see."""
    return _with_reason(actor, document_id, "return", reason)


def reopen(actor: Actor, document_id: int, reason: str) -> Document:
    """重新打开 a published document as a draft: an audited act with its reason."""
    return _with_reason(actor, document_id, "reopen", reason)


def _with_reason(actor: Actor, document_id: int, action: str, reason: str) -> Document:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("请填写原因"))
    with transaction.atomic():
        return _move(actor, readable_document(actor, document_id), action, reason=reason)


def review(
    actor: Actor, document_id: int, line_scores: dict[str, str], comment: str = ""
) -> Document:
    """财政复核: optional 复核得分 per line (path → score) and a comment, then 已复核."""
    document = readable_document(actor, document_id)
    version = Version.objects.get(document=document, number=document.version)
    scores = _valid_line_scores(version.check_json, line_scores)
    with transaction.atomic():
        moved = _move(actor, document, "review", comment=comment, line_scores=scores)
        Review.objects.create(
            document=moved,
            version=moved.version,
            reviewer=actor.user,
            line_scores=scores,
            comment=comment,
        )
    return moved


def _valid_line_scores(check_json: str, raw: dict[str, str]) -> dict[str, str]:
    weights = {
        line["path"]: line.get("weight") for line in report_dict(check_json)["score"]["lines"]
    }
    scores: dict[str, str] = {}
    for path, text in raw.items():
        if not str(text).strip():
            continue
        if path not in weights:
            raise InvalidInput(_("没有这一行：%(path)s") % {"path": path})
        scores[path] = str(_score_within(str(text).strip(), weights[path], path))
    return scores


def _score_within(text: str, weight: str | None, path: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("%(path)s 的复核得分“%(text)s”不是数字") % {"path": path, "text": text}
        ) from None
    if not value.is_finite() or value < 0 or (weight is not None and value > Decimal(weight)):
        raise InvalidInput(
            _("%(path)s 的复核得分 %(text)s 应在 0 与分值 %(weight)s 之间")
            % {"path": path, "text": text, "weight": weight}
        )
    return value
