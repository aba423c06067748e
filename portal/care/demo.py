"""Demo data of the patient's journey: a reading plan for the demo patient."""

from education.demo import DEMO_PLAN, DEMO_SLUG
from education.models import Article
from portal.care import services
from portal.care.models import Assignment, CareTeamMember, ReadingPlan


def reading_plan_load(*, patient_email: str) -> str:
    """A plan with the demo article, assigned to the demo patient with their surgeon."""
    from portal.accounts.models import User

    article = Article.objects.get(slug=DEMO_SLUG)
    plan, _ = ReadingPlan.objects.get_or_create(
        name=DEMO_PLAN, defaults={"description": "What to read before surgery and what to watch for after."}
    )
    plan.items.get_or_create(article=article, defaults={"order": 1})
    patient = User.objects.filter(email=patient_email).first()
    if patient is None:
        return ""
    services.plan_assign(
        plan=plan,
        patient=patient,
        due=Assignment.Due.BEFORE_SURGERY,
        note="Please read this before your visit. Bring your questions.",
    )
    if article.author:
        CareTeamMember.objects.get_or_create(patient=patient, surgeon=article.author)
    return f"reading plan “{plan.name}” for {patient.email}"
