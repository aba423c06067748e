from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    """The patient's journey: reading plans, assignments, bookmarks, questions, care team."""

    name = "care"
    label = "care"
    verbose_name = _("Patient care")
