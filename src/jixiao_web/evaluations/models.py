"""Documents and versions: storage only; the workflow and the rules live in services.

The evaluation is stored as the core serialises it (``Evaluation.model_dump_json()``) in a text
column, so every amount keeps every digit on SQLite and PostgreSQL alike, and one document is
one row to read, never a query per indicator line.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jixiao_web.evaluations.notes import shown_note
from jixiao_web.orgs.models import OrgUnit


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    SIGNED = "signed", _("单位已签")
    REVIEWED = "reviewed", _("已复核")
    PUBLISHED = "published", _("已公开")


class Kind(models.TextChoices):
    DEPARTMENT = "department", _("部门整体支出")
    PROJECT = "project", _("项目支出")


class Document(models.Model):
    """One self-evaluation of one unit for one year (and one project for a project table)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    project = models.CharField(_("项目名称"), max_length=200, blank=True, default="")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    # The number of the current version: the optimistic lock every save compares and sets.
    version = models.PositiveIntegerField(_("当前版本"), default=0)
    # A summary of the current version's check, so the list page reads no JSON.
    score = models.CharField(_("自评得分"), max_length=20, blank=True, default="")
    score_recomputed = models.CharField(_("复算得分"), max_length=20, blank=True, default="")
    grade = models.CharField(_("等级"), max_length=20, blank=True, default="")
    errors = models.PositiveIntegerField(_("错误"), default=0)
    warnings = models.PositiveIntegerField(_("提示"), default=0)
    return_reason = models.TextField(_("退回原因"), blank=True, default="")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("自评表")
        verbose_name_plural = _("自评表")
        ordering = ("-year", "unit__name", "kind", "project")
        # The lists filter by year and state (the portal: 已公开 by year; reviewers: a year's
        # documents in one state); the subject constraint below already indexes by unit.
        indexes = (
            models.Index(fields=["year", "state"], name="document_year_state"),
            models.Index(fields=["state", "year"], name="document_state_year"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "project"], name="one_document_per_subject"
            ),
        )

    def __str__(self) -> str:
        subject = self.project or self.get_kind_display()
        return gettext("%(unit)s %(year)d年 %(subject)s") % {
            "unit": self.unit.name,
            "year": self.year,
            "subject": subject,
        }


class Version(models.Model):
    """One saved state of a document's evaluation, never changed after it is written."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    evaluation_json = models.TextField(_("自评表 JSON"))
    # CheckReport of this version without the evaluation: computed once, when it is saved.
    check_json = models.TextField(_("审核结果 JSON"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")
    # A note the app wrote (services/notes.py): shown in the reader's language from these.
    note_code = models.CharField(_("说明代码"), max_length=40, blank=True, default="")
    note_args = models.JSONField(_("说明参数"), default=dict, blank=True)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        ordering = ("document", "-number")
        constraints = (
            models.UniqueConstraint(fields=["document", "number"], name="one_row_per_version"),
        )

    @property
    def shown_note(self) -> str:
        return shown_note(self.note, self.note_code, self.note_args)

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class Review(models.Model):
    """财政复核: the reviewer's score per line (path → score text) and a comment."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveIntegerField(_("复核的版本"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    line_scores = models.JSONField(_("复核得分"), default=dict)
    comment = models.TextField(_("复核意见"), blank=True, default="")
    created_at = models.DateTimeField(_("复核时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = _("复核")
        ordering = ("-created_at", "-id")


class SeenVersion(models.Model):
    """The last version of a document a user has looked at, for "what changed since"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "document"], name="one_mark_per_reader"),
        )
