from django import forms
from django.utils.translation import gettext_lazy as _

from education.models import FAQ, Article
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = FAQ.objects.published().exclude(topic="").values_list("topic", flat=True).distinct().order_by("topic")
        self.fields["topic"].choices = [("", _("All topics"))] + [(topic, topic) for topic in topics]
