from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.email_forms import ExactPasswordResetForm, NormalizedEmailField
from portal.accounts.identity import normalize_email
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.choices import TextSize


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email and password do not match our records. Check them and try again, "
            "or use “Forgot your password?” below."
        ),
        "inactive": _("This account is turned off. Please call the clinic."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})


class QueuedPasswordResetForm(ExactPasswordResetForm):
    """Hands the address to the task queue; the worker looks it up and sends the link.

    The request does the same work whether or not an account has the
    address, so its timing does not tell (with a worker backend; see README).
    """

    def save(self, *, domain_override=None, use_https=False, request=None, **kwargs):
        from portal.accounts.tasks import send_password_reset

        domain = domain_override or (request.get_host() if request is not None else "")
        send_password_reset.enqueue(self.cleaned_data["email"], domain, use_https, translation.get_language() or "")


class UserAddForm(forms.ModelForm):
    """Staff add a person without a password; the invitation lets them choose one.

    Only superusers may give a staff role; everyone else adds patients only
    (the admin passes `may_add_staff`).
    """

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PATIENT)
    may_add_staff = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.may_add_staff:
            self.fields["role"].choices = [(Role.PATIENT, Role.PATIENT.label)]
            self.fields["role"].help_text = _("Only a superuser can add clinic staff.")

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role != Role.PATIENT and not self.may_add_staff:
            raise forms.ValidationError(_("Only a superuser can add clinic staff. Choose Patient."))
        return role

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "date_of_birth"]
        field_classes = {"email": NormalizedEmailField}

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("Someone already has this email address. Search for them instead."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.is_staff = self.cleaned_data["role"] != Role.PATIENT
        if commit:
            user.save()
            self._save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        from django.contrib.auth.models import Group

        self.instance.groups.add(Group.objects.get(name=self.cleaned_data["role"]))


class TextSizeForm(forms.Form):
    """The size buttons in the page header."""

    size = forms.TypedChoiceField(choices=TextSize.choices, coerce=int)


class PortalUserChangeForm(UserChangeForm):
    """The admin's change form. Changing the address of an account that has logged in needs a reason.

    Only superusers see the address of such an account as a field (the admin
    makes it read-only for everyone else), so a staff member cannot point an
    account in use at their own inbox and take it over with a reset.
    """

    email_change_reason = forms.CharField(
        label=_("Reason for the new email address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when this person has logged in before. It goes to the audit trail; their sessions, "
            "password and two-step login devices are ended, and they get a new invitation."
        ),
    )

    class Meta(UserChangeForm.Meta):
        field_classes = {"email": NormalizedEmailField}

    def clean(self):
        cleaned = super().clean()
        if (
            "email" in self.changed_data
            and self.instance.last_login is not None
            and not cleaned.get("email_change_reason", "").strip()
        ):
            self.add_error(
                "email_change_reason",
                _("This person has logged in before. Say why their email address changes."),
            )
        return cleaned


class EmailChangeForm(forms.Form):
    """A person asks to use a new email address; their password shows it is them at the keyboard."""

    new_email = NormalizedEmailField(
        label=_("New email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you log in with."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = normalize_email(self.cleaned_data["new_email"])
        if email == self.user.email:
            raise forms.ValidationError(_("This is already your email address. Type the new one."))
        # The same words whoever has it: the message does not say which account.
        if User.objects.filter(email=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("This email address cannot be used. Choose another one."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right. Type the password you log in with."))
        return password
