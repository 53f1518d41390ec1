from django.urls import include, path

from jixiao_web.admin_site import site
from jixiao_web.api.endpoints import api
from jixiao_web.pages.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: 中文 / English
    path("", include("jixiao_web.files.urls")),  # before pages: its <slug:action> catches all
    path("", include("jixiao_web.pages.urls")),
]
