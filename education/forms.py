from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from education import quality, selectors
from education.models import Article, PematRating, TeachBackQuestion, WarningSign, options_with_keys
from portal.choices import BodyRegion


class ArticleFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Part of the spine"), required=False, choices=[("", _("All parts"))] + BodyRegion.choices
    )
    kind = forms.ChoiceField(
        label=_("Kind of article"), required=False, choices=[("", _("All kinds"))] + Article.Kind.choices
    )


class FAQFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the topics of questions this reader is shown (an English article's FAQ topics
        # disappear once its translation is published).
        faqs = selectors.faq_list_published(language=language).exclude(topic="")
        topics = faqs.order_by("topic").values_list("topic", flat=True).distinct()
        self.fields["topic"].choices = [("", _("All topics"))] + [(topic, topic) for topic in topics]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=None)

    MAX_LENGTH = 200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own message for a NUL character does not say what to do.
        self.fields["q"].validators = [
            ProhibitNullCharactersValidator(
                message=_("Please type only letters, numbers and spaces, like “back pain”.")
            )
        ]

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if not query:
            raise forms.ValidationError(_("Type a word to search for, like “recovery” or “fusion”."))
        if len(query) > self.MAX_LENGTH:
            raise forms.ValidationError(_("Please use 200 characters or fewer. A few words work best."))
        if not any(character.isalnum() for character in query):
            raise forms.ValidationError(_("Please use letters or numbers, like “back pain”."))
        if len(query) < 2:
            raise forms.ValidationError(_("Please type at least 2 letters."))
        return query


class WarningSignCheckForm(forms.Form):
    """The after-surgery guide: the patient ticks what they notice. Nothing is stored."""

    signs = forms.MultipleChoiceField(
        label=_("What do you notice?"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, warning_signs, **kwargs):
        super().__init__(*args, **kwargs)
        self.warning_signs = {str(sign.pk): sign for sign in warning_signs}
        self.fields["signs"].choices = [(key, str(sign)) for key, sign in self.warning_signs.items()]

    def ticked(self):
        return [self.warning_signs[key] for key in self.cleaned_data.get("signs", [])]


class PematRatingFormBase(forms.ModelForm):
    """A reviewer's PEMAT-P answers: one agree / disagree (/ not applicable) choice per item."""

    class Meta:
        model = PematRating
        fields = ("article",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in quality.PEMAT_ITEMS:
            answer = (self.instance.answers or {}).get(str(item.number))
            if answer:
                self.initial[pemat_field_name(item)] = answer

    def save(self, commit=True):
        answers = {item.number: self.cleaned_data[pemat_field_name(item)] for item in quality.PEMAT_ITEMS}
        self.instance.answers = {str(number): answer for number, answer in answers.items()}
        self.instance.understandability, self.instance.actionability = quality.pemat_scores(answers)
        return super().save(commit)


def pemat_field_name(item: quality.PematItem) -> str:
    return f"item_{item.number}"


def _pemat_field(item: quality.PematItem) -> forms.ChoiceField:
    choices = [(quality.AGREE, _("Agree")), (quality.DISAGREE, _("Disagree"))]
    if item.allows_not_applicable:
        choices.append((quality.NOT_APPLICABLE, _("Not applicable")))
    return forms.ChoiceField(
        label=format_lazy("{}. {}", item.number, item.text), choices=choices, widget=forms.RadioSelect
    )


# The items as declared fields, so the admin lays them out in its fieldsets.
PematRatingForm = type(
    "PematRatingForm",
    (PematRatingFormBase,),
    {pemat_field_name(item): _pemat_field(item) for item in quality.PEMAT_ITEMS},
)


class TeachBackOptionsField(forms.CharField):
    """Answer options as plain lines for editors, stored as a list of {text, correct, why}.

    One answer per line; start the right answer(s) with “*”; add why after “|”:
    “* Ask someone to drive you | You cannot drive for a while after surgery.”
    """

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                ("* " if option.get("correct") else "")
                + option.get("text", "")
                + (f" | {option['why']}" if option.get("why") else "")
                for option in value
            )
        return value

    def to_python(self, value):
        options = []
        for line in (value or "").splitlines():
            line = line.strip()
            if not line:
                continue
            correct = line.startswith("*")
            text, _bar, why = line.lstrip("*").partition("|")
            options.append({"text": text.strip(), "correct": correct, "why": why.strip()})
        return options


class TeachBackQuestionForm(forms.ModelForm):
    options = TeachBackOptionsField(
        label=_("Answers"),
        help_text=_(
            "One answer per line. Start the right answer with “*”. After “|”, say why, in plain words: "
            "“* Ask someone to drive you | You cannot drive for a while after surgery.”"
        ),
    )

    class Meta:
        model = TeachBackQuestion
        fields = ("question", "options", "section_anchor", "order")

    def clean_options(self):
        # Editors see plain lines; each line keeps its option's key (same text, or same place), so
        # rewording an answer does not split the answers patients gave to it.
        return options_with_keys(self.cleaned_data["options"], previous=self.instance.options or [])


class WarningSignAdminForm(forms.ModelForm):
    """A clinic-wide warning sign reaches patients as soon as it is saved, so the red-flag rule
    holds it like publishing an article: an emergency sign under “call the clinic” needs a reason."""

    red_flag_override = forms.CharField(
        label=_("Why keep an emergency sign under “call the clinic”"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Only when the checks hold this sign. Best: choose “Go to the emergency room or call 911”. "
            "Your reason is kept in the sign's history and audited."
        ),
    )

    class Meta:
        model = WarningSign
        fields = ("article", "language", "urgency", "group", "text", "order")

    def sign_texts(self) -> list[quality.WarningSignText]:
        data = self.cleaned_data
        return [quality.WarningSignText(urgency=data["urgency"], text=data["text"], group=data.get("group", ""))]

    def clean(self):
        from education import services

        data = super().clean()
        self.red_flag_held = False
        if data.get("article") is None and data.get("urgency") and data.get("text"):
            try:
                services.publish_check_red_flags(signs=self.sign_texts(), language=data.get("language") or "en")
            except services.RedFlagHold as hold:
                if not (data.get("red_flag_override") or "").strip():
                    self.add_error("red_flag_override", str(hold))
                self.red_flag_held = True
        return data
