from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "kamdesk.learning"
    label = "learning"
    verbose_name = _("Learning and certification")

    def ready(self) -> None:
        # A tariff going on sale requires the training its launch rules name.
        from kamdesk.customers.launches import tariffs_launched
        from kamdesk.learning.launches import on_tariffs_launched

        tariffs_launched.connect(on_tariffs_launched, dispatch_uid="learning.tariff_launch")
