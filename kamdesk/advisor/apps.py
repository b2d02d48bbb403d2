from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorConfig(AppConfig):
    name = "kamdesk.advisor"
    label = "advisor"
    verbose_name = _("Adviser")

    def ready(self) -> None:
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="advice",
            url_name="advisor:customer_panel",
            region="main",
            order=20,
            data_kind="advice",
        )
