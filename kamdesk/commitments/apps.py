from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "kamdesk.commitments"
    label = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        # Open commitments stand at the top of the customer 360 page (P7).
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="commitments",
            url_name="commitments:customer_panel",
            region="top",
            order=10,
            data_kind="commitment",
        )
        # Evidence documents are readable by whoever may see the commitment.
        from kamdesk.commitments.selectors import commitment_file_readable
        from kamdesk.files.access import access_register

        access_register("commitment", commitment_file_readable)
