from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "jixiao_web.orgs"
    label = "orgs"
    verbose_name = _("单位与角色")
