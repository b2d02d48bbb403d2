from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "kamdesk.risk"
    label = "risk"
    verbose_name = _("Risk and churn")

    def ready(self) -> None:
        # A leaving event ingested into the usage warehouse is acted on at once.
        from kamdesk.risk.tasks import on_events_ingested
        from kamdesk.usage.signals import events_ingested

        events_ingested.connect(on_events_ingested, dispatch_uid="risk.events_ingested")

        # The risk panel sits at the top of the 360 page: what needs acting on first.
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="risk", url_name="risk:customer_panel", region="top", order=20, data_kind="risk"
        )
