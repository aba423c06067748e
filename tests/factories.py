import factory
from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


# Need to know (issue 29): staff see only the patients of their care teams. The test world is one
# clinic with one team, "the test team": patients made here and the medical reviewers and care-team
# staff made here are on it, unless a test says otherwise with `care_team=` (another team, or False
# for none). Tests of the rule itself (test_care_team_*.py, the security matrix) always say so.
TEAM_ROLES = (Role.MEDICAL_REVIEWER, Role.CARE_TEAM)


def default_care_team():
    from care.models import CareTeam

    return CareTeam.objects.get_or_create(name="The test team")[0]


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

    @factory.post_generation
    def care_team(self, create, extracted, **kwargs):
        if create and extracted is not False and self.groups.filter(name__in=TEAM_ROLES).exists():
            from care.models import CareTeamStaff

            team = extracted or default_care_team()
            CareTeamStaff.objects.get_or_create(team=team, user=self, defaults={"role": CareTeamStaff.Role.NURSE})


class PatientFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted or Role.PATIENT)

    @factory.post_generation
    def care_team(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from care.models import CareTeamPatient

            CareTeamPatient.objects.get_or_create(team=extracted or default_care_team(), patient=self)


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


class CareTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.CareTeam"

    name = factory.Sequence(lambda n: f"Care team {n}")


def surgeon_cares_for(*, patient, surgeon):
    """The patient joins the surgeon's care team (made on first use), as staff do in the admin."""
    from care import services

    return services.care_team_add_patient(team=services.care_team_for_surgeon(surgeon=surgeon), patient=patient)


def team_member(*, team, role=Role.CARE_TEAM, team_role="nurse", **kwargs):
    """A staff user in a role group, on `team` (only) as `team_role`."""
    from care.models import CareTeamStaff

    user = UserFactory(role=role, care_team=False, **kwargs)
    if team is not None:
        CareTeamStaff.objects.create(team=team, user=user, role=team_role)
    return user
