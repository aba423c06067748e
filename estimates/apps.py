from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimatesConfig(AppConfig):
    name = "estimates"
    verbose_name = _("Cost estimates")

    def ready(self):
        from estimates import receivers  # noqa: F401 (answers the content app: imported procedures, fee names)
