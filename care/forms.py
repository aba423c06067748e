from django import forms
from django.utils.translation import gettext_lazy as _


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
