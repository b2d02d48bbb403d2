from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsageConfig(AppConfig):
    name = "kamdesk.usage"
    label = "usage"
    verbose_name = _("Usage analytics")

    def ready(self) -> None:
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="usage", url_name="usage:customer_panel", region="main", order=20, data_kind="usage"
        )
