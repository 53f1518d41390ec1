"""Whether the header offers the dashboard: to reviewers only, as the dashboard allows."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from jixiao_web.orgs.models import Membership
from jixiao_web.services import policy
from jixiao_web.services.dashboard import may_see_dashboard

register = template.Library()


@register.filter
def sees_dashboard(request: HttpRequest | None) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(request, "_jixiao_actor", None)
    if isinstance(cached, policy.Actor):  # the view loaded the roles already: no query
        return may_see_dashboard(cached)
    reviews = Membership.objects.filter(user=user, role__in=policy.SUBTREE_ROLES).exists()
    return bool(user.is_superuser) or reviews
