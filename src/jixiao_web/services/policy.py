"""Who may see and do what: the whole permission policy in one module.

Roles are held at a unit. 填报人 and 单位负责人 act on their own unit's documents
only; 主管部门审核, 财政复核 and 管理员 cover their unit and everything under it.
Anyone, signed in or not, may read a published (已公开) document. Nobody changes a
document's content outside 草稿.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from jixiao_web.evaluations.models import Document, State
from jixiao_web.orgs.models import Membership, OrgUnit, Role

# Roles that reach down the hierarchy; the others hold at their own unit only.
SUBTREE_ROLES = frozenset({Role.SUPERVISOR, Role.FINANCE, Role.ADMIN})
EDITORS = frozenset({Role.FILLER, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    action: str
    label: StrOrPromise
    to_state: State
    # The roles that may take this action, by the state the document is in.
    roles_by_state: dict[State, frozenset[Role]]
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", _("提交"), State.SUBMITTED, {State.DRAFT: EDITORS}),
        Transition(
            "sign",
            _("单位负责人签字"),
            State.SIGNED,
            {State.SUBMITTED: frozenset({Role.HEAD, Role.ADMIN})},
        ),
        Transition(
            "review",
            _("财政复核"),
            State.REVIEWED,
            {State.SIGNED: frozenset({Role.FINANCE, Role.ADMIN})},
        ),
        Transition(
            "publish",
            _("公开"),
            State.PUBLISHED,
            {State.REVIEWED: frozenset({Role.FINANCE, Role.ADMIN})},
        ),
        Transition(
            "return",
            _("退回"),
            State.DRAFT,
            {
                State.SUBMITTED: frozenset({Role.HEAD, Role.SUPERVISOR, Role.ADMIN}),
                State.SIGNED: frozenset({Role.SUPERVISOR, Role.FINANCE, Role.ADMIN}),
                State.REVIEWED: frozenset({Role.FINANCE, Role.ADMIN}),
            },
            needs_reason=True,
        ),
        Transition(
            "reopen",
            _("重新打开"),
            State.DRAFT,
            {State.PUBLISHED: frozenset({Role.FINANCE, Role.ADMIN})},
            needs_reason=True,
        ),
    )
}


@dataclass(frozen=True)
class Actor:
    """A user with their roles and the unit tree, loaded once per request."""

    user: Any
    memberships: tuple[tuple[Role, int], ...] = ()
    parents: Mapping[int, int | None] = field(default_factory=dict)
    ip: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def username(self) -> str:
        return str(self.user.get_username()) if self.is_authenticated else ""

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))


class UnitTree(Mapping[int, int | None]):
    """Each unit's parent, read from the database the first time a question needs it: a
    filler's questions are answered from their memberships alone, one query fewer a page."""

    def __init__(self) -> None:
        self._parents: dict[int, int | None] | None = None

    def _loaded(self) -> dict[int, int | None]:
        if self._parents is None:
            self._parents = dict(OrgUnit.objects.values_list("id", "parent_id"))
        return self._parents

    def __getitem__(self, unit_id: int) -> int | None:
        return self._loaded()[unit_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def actor_for(user: Any, ip: str | None = None) -> Actor:
    if not user.is_authenticated:
        return Actor(user=user, ip=ip)
    memberships = tuple((Role(role), unit_id) for role, unit_id in _roles_of(user.pk))
    return Actor(user=user, memberships=memberships, parents=UnitTree(), ip=ip)


def _roles_of(user_id: int) -> list[tuple[str, int]]:
    """(role, unit) of each role the user holds. Asked on every page a signed-in user opens,
    so in plain SQL (the table name is ours, the id a parameter): the ORM spent ten times as
    long building this one-table query as the database did answering it."""
    table = connection.ops.quote_name(Membership._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT role, unit_id FROM {table} WHERE user_id = %s", [user_id])
        return list(cursor.fetchall())


def actor_from_request(request: HttpRequest) -> Actor:
    cached = getattr(request, "_jixiao_actor", None)
    if isinstance(cached, Actor):
        return cached
    user = getattr(request, "user", None) or AnonymousUser()
    actor = actor_for(user, client_ip(request))
    request._jixiao_actor = actor  # type: ignore[attr-defined]
    return actor


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, deploy sets REMOTE_ADDR from the proxy's header (see docs/deploy.md).
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def _ancestors(actor: Actor, unit_id: int) -> list[int]:
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = actor.parents.get(current)
    return chain


def roles_at(actor: Actor, unit_id: int) -> frozenset[Role]:
    """The roles the actor holds over one unit (its own or inherited from above)."""
    roles = {role for role, held in actor.memberships if held == unit_id}
    reaching = [(role, held) for role, held in actor.memberships if role in SUBTREE_ROLES]
    if reaching:  # only a role held above the unit needs the tree
        chain = _ancestors(actor, unit_id)
        roles |= {role for role, held in reaching if held in chain}
    if actor.is_superuser:
        roles.add(Role.ADMIN)
    return frozenset(roles)


def readable_unit_ids(actor: Actor) -> set[int]:
    """Units whose unpublished documents the actor may read."""
    if actor.is_superuser:
        return set(actor.parents)
    own = {unit for role, unit in actor.memberships if role not in SUBTREE_ROLES}
    tops = {unit for role, unit in actor.memberships if role in SUBTREE_ROLES}
    below = {unit for unit in actor.parents if tops.intersection(_ancestors(actor, unit))}
    return own | below


def visible_documents(actor: Actor) -> QuerySet[Document]:
    published = Q(state=State.PUBLISHED)
    if not actor.is_authenticated:
        return Document.objects.filter(published)
    return Document.objects.filter(published | Q(unit_id__in=readable_unit_ids(actor)))


def can_read(actor: Actor, document: Document) -> bool:
    return document.state == State.PUBLISHED or bool(roles_at(actor, document.unit_id))


def is_insider(actor: Actor, document: Document) -> bool:
    """Whether the actor works on the document's unit or reviews it. Everyone may read a
    published table; its versions, history and the review findings are for insiders."""
    return bool(roles_at(actor, document.unit_id))


def can_edit(actor: Actor, document: Document) -> bool:
    return document.state == State.DRAFT and bool(roles_at(actor, document.unit_id) & EDITORS)


def can_create_in(actor: Actor, unit_id: int) -> bool:
    return bool(roles_at(actor, unit_id) & EDITORS)


def editable_units(actor: Actor) -> QuerySet[OrgUnit]:
    ids = [unit for unit in actor.parents if can_create_in(actor, unit)]
    return OrgUnit.objects.filter(id__in=ids)


def may_take(actor: Actor, document: Document, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return False
    allowed = transition.roles_by_state.get(State(document.state), frozenset())
    return bool(roles_at(actor, document.unit_id) & allowed)


def allowed_actions(actor: Actor, document: Document) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if may_take(actor, document, t.action)]


def is_site_admin(actor: Actor) -> bool:
    """The admin site is for 管理员 and superusers only."""
    return actor.is_superuser or any(role == Role.ADMIN for role, _ in actor.memberships)


def units_of(actor: Actor, roles: Iterable[Role]) -> set[int]:
    wanted = set(roles)
    return {unit for role, unit in actor.memberships if role in wanted}
