"""Who may download and attach what, on top of the app's policy (services.policy).

- Whoever holds a role over the document's unit (its 填报人 and 单位负责人, the 主管部门 and
  财政 reviewers above it, 管理员) downloads every file of every version and its attachments.
- Anyone else, signed in or not, gets the 自评表 and 自评报告 of the current version of a
  已公开 document, as the portal shows it: no 问题清单, no older versions, no attachments.
- Supporting documents (佐证材料) are added by the unit's 填报人 while the document is a
  草稿; review documents (复核材料) by 财政复核 at any stage. 管理员 may do both.
- An attachment is removed only by the person who uploaded it, while they may still attach.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from jixiao_web.evaluations.models import Document, State
from jixiao_web.files.models import Attachment, Category
from jixiao_web.orgs.models import Role
from jixiao_web.services import policy
from jixiao_web.services.errors import Locked, NotAllowed
from jixiao_web.services.policy import Actor

PUBLIC_PARTS = frozenset({"table", "report"})
REVIEWERS = frozenset({Role.FINANCE, Role.ADMIN})


is_insider = policy.is_insider


def may_download(actor: Actor, document: Document, part: str, number: int) -> bool:
    if is_insider(actor, document):
        return True
    published = document.state == State.PUBLISHED and number == document.version
    return published and part in PUBLIC_PARTS


def refuse(actor: Actor) -> NotAllowed | Http404:
    """The public learns nothing (404); a signed-in user is told it is not theirs (403)."""
    if not actor.is_authenticated:
        return Http404(_("没有这个文件"))
    return NotAllowed(_("您无权访问此文档的文件，或文档不存在"))


def document_for(actor: Actor, document_id: int) -> Document:
    document = Document.objects.select_related("unit").filter(pk=document_id).first()
    if document is None or not policy.can_read(actor, document):
        raise refuse(actor)
    return document


def insider_document(actor: Actor, document_id: int) -> Document:
    """The document, if the actor holds a role over its unit (attachments are for them)."""
    document = Document.objects.select_related("unit").filter(pk=document_id).first()
    if document is None or not is_insider(actor, document):
        raise refuse(actor)
    return document


def category_for(actor: Actor, document: Document) -> Category | None:
    """What the actor's upload would be now, or None when they may not attach."""
    roles = policy.roles_at(actor, document.unit_id)
    if document.state == State.DRAFT and roles & policy.EDITORS:
        return Category.SUPPORTING
    if roles & REVIEWERS:
        return Category.REVIEW
    return None


def attaching_category(actor: Actor, document: Document) -> Category:
    category = category_for(actor, document)
    if category is not None:
        return category
    if document.state != State.DRAFT and policy.roles_at(actor, document.unit_id) & policy.EDITORS:
        message = _("文档处于“%(state)s”状态，只有草稿可以添加佐证材料")
        raise Locked(message % {"state": document.get_state_display()})
    raise NotAllowed(_("您无权为此文档上传附件"))


def may_delete(actor: Actor, attachment: Attachment) -> bool:
    # A filler's supporting document goes with the draft it was added to: once submitted it
    # stays; a reviewer's own review document may be withdrawn at any stage.
    mine = actor.is_authenticated and attachment.uploaded_by_id == actor.user.pk
    return mine and category_for(actor, attachment.document) == attachment.category
