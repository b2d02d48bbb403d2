from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "kamdesk.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="orders",
            url_name="orders:customer_panel",
            region="main",
            order=20,
            data_kind="order",
        )
