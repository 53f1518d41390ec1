"""The demo district: a living system on first start.

株洲市渌口区财政局 over three 主管部门 and their units; the seed's bureau (住房和城乡建设局) with
its 2023 evaluation imported from the seed facts as a draft to fix, its 2022 evaluation
published, and other units' evaluations in every state. Every state change goes through the
workflow services, so the audit log tells the same story as the documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

import jixiao
from jixiao import Evaluation
from jixiao.demo import load_demo
from jixiao_web.evaluations.notes import AppNote
from jixiao_web.orgs.models import Membership, OrgUnit, Role, UnitKind
from jixiao_web.services import documents, workflow
from jixiao_web.services.checking import profile
from jixiao_web.services.policy import Actor, actor_for, roles_at

DEMO_PASSWORD = "jixiao-demo"  # printed on purpose: demo accounts only
FINANCE = "株洲市渌口区财政局"
SEED_BUREAU = "株洲市渌口区住房和城乡建设局"

# name, kind, parent
UNITS: tuple[tuple[str, UnitKind, str | None], ...] = (
    (FINANCE, UnitKind.FINANCE, None),
    (SEED_BUREAU, UnitKind.DEPARTMENT, FINANCE),
    ("株洲市渌口区教育局", UnitKind.DEPARTMENT, FINANCE),
    ("株洲市渌口区农业农村局", UnitKind.DEPARTMENT, FINANCE),
    ("株洲市渌口区住房保障服务中心", UnitKind.UNIT, SEED_BUREAU),
    ("株洲市渌口区市政设施维护中心", UnitKind.UNIT, SEED_BUREAU),
    ("株洲市渌口区第一中学", UnitKind.UNIT, "株洲市渌口区教育局"),
    ("株洲市渌口区农业技术推广中心", UnitKind.UNIT, "株洲市渌口区农业农村局"),
)

# username, role, unit
ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, FINANCE),
    ("caizheng", Role.FINANCE, FINANCE),
    ("zhujian-tianbao", Role.FILLER, SEED_BUREAU),
    ("zhujian-fuze", Role.HEAD, SEED_BUREAU),
    ("zhujian-shenhe", Role.SUPERVISOR, SEED_BUREAU),
    ("baozhang-tianbao", Role.FILLER, "株洲市渌口区住房保障服务中心"),
    ("baozhang-fuze", Role.HEAD, "株洲市渌口区住房保障服务中心"),
    ("shizheng-tianbao", Role.FILLER, "株洲市渌口区市政设施维护中心"),
    ("jiaoyu-shenhe", Role.SUPERVISOR, "株洲市渌口区教育局"),
    ("yizhong-tianbao", Role.FILLER, "株洲市渌口区第一中学"),
    ("yizhong-fuze", Role.HEAD, "株洲市渌口区第一中学"),
    ("nongji-tianbao", Role.FILLER, "株洲市渌口区农业技术推广中心"),
)

# unit, year, the acts that bring its document to the state it is shown in
STORIES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (SEED_BUREAU, 2022, ("submit", "sign", "review", "publish")),
    ("株洲市渌口区住房保障服务中心", 2023, ("submit",)),
    ("株洲市渌口区市政设施维护中心", 2023, ("submit", "sign")),
    ("株洲市渌口区第一中学", 2023, ("submit", "sign", "review")),
    ("株洲市渌口区第一中学", 2022, ("submit", "sign", "review", "publish")),
    ("株洲市渌口区农业技术推广中心", 2023, ()),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    unit: str


def is_empty() -> bool:
    return not OrgUnit.objects.exists()


def seed_evaluation() -> Evaluation:
    """The seed bureau's 2023 evaluation, read from the seed facts by the core's importer."""
    return load_demo().evaluations[0]


def corrected_copy(unit: str, year: int) -> Evaluation:
    """The seed's table for another unit or year, with every self score set to the recomputed one.

    The seed carries an error finding (a full score for a missed target); a document that has
    gone through the workflow must be free of errors, as submitting requires.
    """
    evaluation = seed_evaluation().model_copy(deep=True)
    evaluation.unit, evaluation.department, evaluation.year = unit, None, year
    result = jixiao.score(evaluation, profile())
    for line in result.lines:
        if line.path.startswith("indicators["):
            evaluation.indicators[int(line.path[11:-1])].score = line.recomputed
    old_total = evaluation.total.score
    new_total = result.recomputed.quantize(Decimal("0.01")) if result.recomputed else None
    evaluation.total.score = new_total
    if evaluation.report is not None and old_total is not None:
        for section in evaluation.report.sections:  # the report states the total too
            section.text = section.text.replace(f"{old_total}分", f"{new_total}分")
    return evaluation


def load_demo_data() -> list[DemoAccount]:
    """Create the demo district; the database must be empty."""
    with transaction.atomic():
        units = _create_units()
        accounts = _create_accounts(units)
        admin = actor_for(User.objects.get(username="admin"))
        filler = _person(Role.FILLER, units[SEED_BUREAU]) or admin
        documents.create_document(
            filler, units[SEED_BUREAU], seed_evaluation(), AppNote("demo-seed")
        )
        for unit, year, acts in STORIES:
            _tell(admin, units[unit], year, acts)
    return accounts


def _create_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for name, kind, parent in UNITS:
        units[name] = OrgUnit.objects.create(
            name=name, kind=kind, parent=units[parent] if parent else None
        )
    return units


def _create_accounts(units: dict[str, OrgUnit]) -> list[DemoAccount]:
    for username, role, unit in ACCOUNTS:
        is_admin = role == Role.ADMIN
        user = User.objects.create_user(username, password=DEMO_PASSWORD, is_staff=is_admin)
        if is_admin:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        Membership.objects.create(user=user, unit=units[unit], role=role)
    return demo_accounts()


def demo_accounts() -> list[DemoAccount]:
    return [
        DemoAccount(name, DEMO_PASSWORD, str(role.label), unit) for name, role, unit in ACCOUNTS
    ]


# Who takes each act in the demo's story, so its audit log reads like a real one.
ACT_ROLES = {
    "submit": Role.FILLER,
    "sign": Role.HEAD,
    "review": Role.FINANCE,
    "publish": Role.FINANCE,
}


def _tell(admin: Actor, unit: OrgUnit, year: int, acts: tuple[str, ...]) -> None:
    saved = documents.create_document(
        _person(ACT_ROLES["submit"], unit) or admin,
        unit,
        corrected_copy(unit.name, year),
        AppNote("demo"),
    )
    document_id = saved.document.pk
    for act in acts:
        actor = _person(ACT_ROLES[act], unit) or admin
        if act == "review":
            workflow.review(actor, document_id, {}, "演示：复核通过")
        else:
            getattr(workflow, act)(actor, document_id)


def _person(role: Role, unit: OrgUnit) -> Actor | None:
    """The demo account holding ``role`` over the unit, if the demo has one."""
    for membership in Membership.objects.filter(role=role).select_related("user"):
        actor = actor_for(membership.user)
        if role in roles_at(actor, unit.pk):
            return actor
    return None


def account_table(accounts: list[DemoAccount]) -> str:
    rows = [f"  {a.username:<18} {a.password:<12} {a.role:<8} {a.unit}" for a in accounts]
    return "\n".join(["  用户名             密码         角色     单位", *rows])
