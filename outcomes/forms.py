from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    """One question: pick one option, or skip it where the questionnaire allows."""

    option = forms.TypedChoiceField(
        label="",
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "answer-option"}),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the answers shown.")},
    )

    def __init__(self, *args, item, language: str, may_skip: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.item, self.may_skip = item, may_skip
        self.fields["option"].choices = [(option.pk, option.label_in(language)) for option in item.options.all()]

    def clean(self):
        cleaned = super().clean()
        skipping = "skip" in self.data
        if skipping and not self.may_skip:
            raise forms.ValidationError(_("This question cannot be skipped. Please choose an answer."))
        if not skipping and cleaned.get("option") in (None, ""):
            self.add_error("option", _("Please choose an answer, then press “Next”."))
        cleaned["chosen"] = (
            None
            if skipping
            else next((option for option in self.item.options.all() if option.pk == cleaned.get("option")), None)
        )
        return cleaned
