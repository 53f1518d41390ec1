from django.urls import path, register_converter

from jixiao_web.files import views


class PartConverter:
    regex = "table|report|findings"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "docx|xlsx|pdf|html"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PartConverter, "part")
register_converter(FormatConverter, "format")

urlpatterns = [
    path("documents/<int:pk>/files/<part:part>.<format:format>", views.download, name="download"),
    path(
        "documents/<int:pk>/versions/<int:number>/files/<part:part>.<format:format>",
        views.download,
        name="version-download",
    ),
    path("documents/<int:pk>/attachments/", views.upload, name="attachment-upload"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.delete,
        name="attachment-delete",
    ),
]
