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
