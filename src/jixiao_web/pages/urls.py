from django.contrib.auth import views as auth_views
from django.urls import path

from jixiao_web.pages.views import actions, create, dashboard, detail, edit, history, lists

urlpatterns = [
    path("", lists.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("documents/", lists.documents, name="documents"),
    path("documents/new/", create.new_document, name="new-document"),
    path("documents/<int:pk>/", detail.document, name="document"),
    path("documents/<int:pk>/edit/", edit.edit, name="edit"),
    path("documents/<int:pk>/edit/preview/", edit.preview, name="edit-preview"),
    path("documents/<int:pk>/versions/<int:number>/", history.version, name="version"),
    path("documents/<int:pk>/changes/", history.changes, name="changes"),
    path("documents/<int:pk>/<slug:action>/", actions.act, name="document-act"),
    path("dashboard/", dashboard.overview, name="dashboard"),
    path("public/", lists.portal, name="portal"),
    path("public/<int:pk>/", detail.public_document, name="public-document"),
]
