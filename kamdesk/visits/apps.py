from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kamdesk.visits"
    label = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        # Attachments and photos of a visit are readable by whoever may see the visit.
        from kamdesk.customers.panels import panel_register
        from kamdesk.files.access import access_register
        from kamdesk.visits.selectors import visit_file_readable

        access_register("visit", visit_file_readable)
        panel_register(
            key="visits",
            url_name="visits:customer_panel",
            region="main",
            order=30,
            data_kind="visit",
        )
