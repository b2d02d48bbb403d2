from django.urls import path, register_converter

from kamdesk.usage import views


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MonthConverter, "yyyymm")

app_name = "usage"
urlpatterns = [
    path("customer/<int:customer_id>/", views.customer_panel, name="customer_panel"),
    path("customer/<int:customer_id>/export.xlsx", views.customer_export, name="customer_export"),
    path("subscriber/<int:subscriber_pk>/", views.subscriber_page, name="subscriber"),
    path(
        "subscriber/<int:subscriber_pk>/records/<yyyymm:month>/",
        views.subscriber_records_page,
        name="records",
    ),
]
