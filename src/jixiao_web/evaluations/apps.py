from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "jixiao_web.evaluations"
    label = "evaluations"
    verbose_name = "绩效自评"
