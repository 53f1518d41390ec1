from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jixiao_web.audit"
    label = "audit"
    verbose_name = "审计日志"
