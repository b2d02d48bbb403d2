from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "kamdesk.tickets"
    label = "tickets"
    verbose_name = _("Requests")

    def ready(self) -> None:
        # Attachments of a request are readable by whoever may see the request.
        from kamdesk.files.access import access_register
        from kamdesk.tickets.selectors import ticket_file_readable

        access_register("request", ticket_file_readable)

        # The customer's requests on the 360 page, first of the main column's panels,
        # loaded only for roles that may see requests.
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="requests",
            url_name="tickets:customer_panel",
            region="main",
            order=5,
            data_kind="request",
        )
