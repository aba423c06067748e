"""The email field and reset form every lookup by address uses: normalised once, matched exactly.

Kept apart from `forms.py` so the services that send resets can use them without importing the forms
that queue those services' tasks (no import loop)."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm

from portal.accounts.identity import normalize_email
from portal.accounts.models import User


class NormalizedEmailField(forms.EmailField):
    """An email field that normalises what is typed before checking it, so “ｃｈｒｉｓ＠…” is “chris@…”."""

    def to_python(self, value):
        return normalize_email(super().to_python(value))


class ExactPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the account is found by its stored (normalised) address, exactly.

    Django's own lookup is case-insensitive in the database, which folds
    letters (ſ, ı) differently from Python and so reaches accounts another
    spelling's reset limit does not count.
    """

    email = NormalizedEmailField(
        label=PasswordResetForm.base_fields["email"].label,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        users = User._default_manager.filter(email=normalize_email(email), is_active=True)
        return (user for user in users if user.has_usable_password())
