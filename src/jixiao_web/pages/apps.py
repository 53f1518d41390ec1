from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "jixiao_web.pages"
    label = "pages"
    verbose_name = "页面"
