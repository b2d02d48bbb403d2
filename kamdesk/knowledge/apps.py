from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "kamdesk.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from kamdesk.customers.panels import panel_register
        from kamdesk.files.access import access_register
        from kamdesk.knowledge.selectors import knowledge_file_readable

        access_register("knowledge", knowledge_file_readable)
        panel_register(
            key="knowledge",
            url_name="knowledge:customer_panel",
            region="side",
            order=40,
            data_kind="knowledge",
        )
