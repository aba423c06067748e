from django import forms
from django.utils.translation import gettext_lazy as _

from insights.models import HelpfulVote
from insights.services import UNCLEAR_MAX


def unclear_field(rows: int) -> forms.CharField:
    """ "What was unclear?": optional words for a "no", the same rules wherever they are typed."""
    return forms.CharField(
        label=_("What was unclear? (optional)"),
        required=False,
        max_length=UNCLEAR_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": _("Please keep it shorter (1000 letters at most).")},
    )


class HelpfulForm(forms.Form):
    """ "Was this helpful?" under a section or an FAQ answer (posted, so nothing reaches a URL or log)."""

    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    part = forms.ChoiceField(choices=HelpfulVote.Part.choices, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Choose yes or no."), "invalid_choice": _("Choose yes or no.")},
    )
    unclear = unclear_field(rows=2)
    # Pages cached before the follow-up page existed post `unclear` and `next` with the vote; both are still
    # accepted (`next` is checked before it is followed). Today's form sends neither (see insights/views.py).
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class UnclearForm(forms.Form):
    """What was unclear, after a "no" (insights/views.py `helpful_unclear`): added to that answer, never a new one."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    unclear = unclear_field(rows=3)


class SectionReadForm(forms.Form):
    article = forms.IntegerField(min_value=1)
    section = forms.UUIDField()


class SearchOpenedForm(forms.Form):
    search = forms.UUIDField()


class PeriodForm(forms.Form):
    """The period the insights cover: from one day to another (both included)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first day must come before the last day."))
        return cleaned


class WriteAnswerForm(forms.Form):
    query = forms.CharField(max_length=200)
    language = forms.CharField(max_length=8, required=False)
