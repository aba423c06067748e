"""Password length by role: patients at least 12 characters, staff at least 15.

Only length and the common-password list count; no rules about digits or
symbols, which make passwords harder to remember and no stronger.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_LENGTH = 128


class RoleLengthValidator:
    def __init__(self, patient_min_length: int = 12, staff_min_length: int = 15):
        self.patient_min_length = patient_min_length
        self.staff_min_length = staff_min_length

    def min_length_for(self, user) -> int:
        # Without a user we cannot tell the role, so the stricter rule applies.
        if user is None or user.is_staff or user.is_superuser:
            return self.staff_min_length
        return self.patient_min_length

    def validate(self, password, user=None):
        minimum = self.min_length_for(user)
        if len(password) < minimum:
            raise ValidationError(
                ngettext(
                    "This password is too short. Use at least %(min_length)d character: "
                    "a few words you can remember work well.",
                    "This password is too short. Use at least %(min_length)d characters: "
                    "a few words you can remember work well.",
                    minimum,
                )
                % {"min_length": minimum},
                code="password_too_short",
                params={"min_length": minimum},
            )
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                _("This password is too long. Use %(max_length)d characters or fewer.") % {"max_length": MAX_LENGTH},
                code="password_too_long",
                params={"max_length": MAX_LENGTH},
            )

    def get_help_text(self):
        return _(
            "Use at least %(patient)d characters (%(staff)d for clinic staff). "
            "A few words you can remember work well; no symbols are required."
        ) % {"patient": self.patient_min_length, "staff": self.staff_min_length}
