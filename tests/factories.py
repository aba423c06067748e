import factory
from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted)


class PatientFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted or Role.PATIENT)


def _give_role(user, create, role):
    if create and role:
        user.groups.add(Group.objects.get(name=role))
        user.is_staff = role != Role.PATIENT
        user.save(update_fields=["is_staff"])


class SurgeonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.Surgeon"

    name = factory.Sequence(lambda n: f"Dr. Surgeon {n}")
    slug = factory.Sequence(lambda n: f"surgeon-{n}")
    title = "Spine surgeon"
    approves_content = True


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.Article"

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short plain summary of the article."
    status = "published"
    author = factory.SubFactory(SurgeonFactory)
    medical_reviewer = factory.SelfAttribute("author")
    reviewed_on = factory.Faker("date_this_year")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.Section"

    article = factory.SubFactory(ArticleFactory)
    kind = "overview"
    body = "Some plain text about the spine."
    order = factory.Sequence(lambda n: n)


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.Figure"

    article = factory.SubFactory(ArticleFactory)
    caption = factory.Sequence(lambda n: f"Figure caption {n}")
    order = factory.Sequence(lambda n: n)


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.FAQ"

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "A plain answer."
    order = factory.Sequence(lambda n: n)


class WarningSignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.WarningSign"

    article = factory.SubFactory(ArticleFactory)
    urgency = "call_clinic"
    text = factory.Sequence(lambda n: f"Warning sign {n}")
    order = factory.Sequence(lambda n: n)


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.GlossaryTerm"

    term = factory.Sequence(lambda n: f"term{n}")
    slug = factory.LazyAttribute(lambda o: o.term.lower().replace(" ", "-"))
    definition = "A plain definition."


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.Assignment"

    patient = factory.SubFactory(PatientFactory)
    article = factory.SubFactory(ArticleFactory)


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "estimates.Procedure"
        django_get_or_create = ("cpt_code",)

    cpt_code = factory.Sequence(lambda n: f"{10000 + n:05d}")
    official_name = factory.LazyAttribute(lambda o: f"Procedure {o.cpt_code}")
    plain_name = factory.LazyAttribute(lambda o: f"Plain procedure {o.cpt_code}")
    body_region = "lumbar"


class PathwayTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.PathwayTemplate"

    name = factory.Sequence(lambda n: f"Pathway {n}")
    status = "published"


class PathwayStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.PathwayStep"

    template = factory.SubFactory(PathwayTemplateFactory)
    kind = "task"
    days_from_surgery = -7
    title = factory.Sequence(lambda n: f"Task {n}")


class TeachBackQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "education.TeachBackQuestion"

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    section_anchor = "recovery"
    options = factory.LazyFunction(
        lambda: [
            {"key": "right", "text": "The right answer", "correct": True, "why": "Because it is right."},
            {"key": "wrong", "text": "The wrong answer", "correct": False, "why": "Here is why not."},
        ]
    )
