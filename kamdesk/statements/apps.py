from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "kamdesk.statements"
    label = "statements"
    verbose_name = _("Bills and statements")

    def ready(self) -> None:
        # Written authorisations are files owned by the statements app: readable by whoever
        # may see the customer's statements. The 360 page shows the statements panel.
        from kamdesk.customers.panels import panel_register
        from kamdesk.files.access import access_register
        from kamdesk.statements.selectors import authorisation_file_readable

        access_register("statement_authorisation", authorisation_file_readable)
        panel_register(
            key="statements",
            url_name="statements:customer_panel",
            region="main",
            order=40,
            data_kind="statement",
        )
