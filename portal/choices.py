"""Vocabularies shared by the education and estimates apps, and the accounts' reading preferences."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyRegion(models.TextChoices):
    CERVICAL = "cervical", _("Neck (cervical spine)")
    THORACIC = "thoracic", _("Upper and mid back (thoracic spine)")
    LUMBAR = "lumbar", _("Lower back (lumbar spine)")
    SACRAL = "sacral", _("Base of the spine (sacrum)")
    GENERAL = "general", _("Whole spine")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class TextSize(models.IntegerChoices):
    """How large the portal's text (and with it every button and field) is drawn, in percent."""

    # Numbers read the same in English and Spanish: nothing to translate.
    NORMAL = 100, "100%"
    LARGE = 150, "150%"
    LARGEST = 200, "200%"
