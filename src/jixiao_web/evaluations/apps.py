from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "jixiao_web.evaluations"
    label = "evaluations"
    verbose_name = _("绩效自评")
