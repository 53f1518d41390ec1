from django.urls import include, path

from jixiao_web.admin_site import site
from jixiao_web.api.endpoints import api

urlpatterns = [
    path("admin/", site.urls),
    path("api/", api.urls),
    path("", include("jixiao_web.pages.urls")),
]
