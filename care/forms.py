from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from care.models import CaregiverGrant
from portal.accounts.identity import normalize_email


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question for the care team"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The care team reads these in working hours. If it is urgent, call the clinic."),
    )


class TeachBackAnswerForm(forms.Form):
    """One teach-back question, its answers as radio buttons in the order given (see
    `selectors.teach_back_options`); the value sent is the option's stable key."""

    question = forms.IntegerField(widget=forms.HiddenInput)
    option = forms.ChoiceField(
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose one answer, then press the button."),
            "invalid_choice": _("That answer is not one of the choices. Please choose again."),
        },
    )

    def __init__(self, *args, question, options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = question
        self.fields["question"].initial = question.pk
        self.fields["option"].label = question.question
        shown = question.options if options is None else options
        self.fields["option"].choices = [(option["key"], option["text"]) for option in shown]

    def clean_question(self):
        if self.cleaned_data["question"] != self.asked.pk:
            raise forms.ValidationError(_("That question has changed. Please answer the one shown."))
        return self.cleaned_data["question"]


class ReminderSwitchForm(forms.Form):
    email_reminders = forms.TypedChoiceField(
        choices=[("on", _("On")), ("off", _("Off"))],
        coerce=lambda value: value == "on",
        error_messages={"required": _("Choose on or off."), "invalid_choice": _("Choose on or off.")},
    )


class CaregiverInviteForm(forms.ModelForm):
    """The patient names the person and chooses what they may do. Reading is always allowed."""

    class Meta:
        model = CaregiverGrant
        fields = [
            "name",
            "email",
            "may_tick_steps_and_mark_read",
            "may_ask_questions",
            "may_see_estimates",
            "send_reminders_to_caregiver",
        ]
        labels = {
            "name": _("Their name"),
            "email": _("Their email address"),
            "may_tick_steps_and_mark_read": _("They may tick my steps done and mark articles read"),
            "may_ask_questions": _("They may send questions to my care team for me"),
            "may_see_estimates": _("They may see my saved cost estimates"),
            "send_reminders_to_caregiver": _("Send my step reminders to them too"),
        }
        help_texts = {
            "email": _("We email them a link. It works once, for 14 days."),
        }

    def __init__(self, *args, patient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if self.patient is not None and email == self.patient.email:
            raise forms.ValidationError(
                _("This is your own email address. Type the address of the person who helps you.")
            )
        return email


class CaregiverScopesForm(forms.ModelForm):
    class Meta(CaregiverInviteForm.Meta):
        fields = CaregiverInviteForm.Meta.fields[2:]
        help_texts = {}


class CaregiverAccountForm(SetPasswordForm):
    """A new account for a caregiver: their name and a password (the portal's password rules)."""

    first_name = forms.CharField(label=_("Your first name"), max_length=150)
    last_name = forms.CharField(label=_("Your last name"), max_length=150, required=False)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def save(self, commit=True):
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        return super().save(commit=commit)
