"""Demo data of the patient's journey: a reading plan and the MISS pathway for the demo patient."""

from datetime import timedelta

from django.utils import timezone

from care import services
from care.models import Assignment, CareTeamMember, PathwayStep, PathwayTemplate, PatientPathway, ReadingPlan
from education.demo import DEMO_PLAN, DEMO_SLUG
from education.models import Article


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


DEMO_PATHWAY = "Minimally invasive spine surgery (MISS)"
DEMO_SURGERY_IN_DAYS = 21

# (days from surgery, kind, English title, Spanish title, English words, Spanish words); our own plain words.
DEMO_PATHWAY_STEPS = [
    (
        -14,
        PathwayStep.Kind.READ,
        "Read about your surgery",
        "Lea sobre su cirugía",
        "Learn what happens before, during and after the operation.",
        "Conozca lo que pasa antes, durante y después de la operación.",
    ),
    (
        -14,
        PathwayStep.Kind.CHECK,
        "Answer a few questions about your surgery",
        "Responda unas preguntas sobre su cirugía",
        "This shows us what is clear and what we should explain again. It is not a test.",
        "Así sabemos qué está claro y qué debemos explicar otra vez. No es un examen.",
    ),
    (
        -10,
        PathwayStep.Kind.TASK,
        "Get your tests done before surgery",
        "Hágase los exámenes antes de la cirugía",
        "Your care team will tell you which blood tests or other checks you need.",
        "Su equipo de atención le dirá qué análisis de sangre u otros exámenes necesita.",
    ),
    (
        -7,
        PathwayStep.Kind.TASK,
        "Stop blood thinners if your surgeon told you to",
        "Deje los anticoagulantes si su cirujano se lo indicó",
        "Ask before you stop any medicine. Some medicines must stop days before surgery.",
        "Pregunte antes de dejar cualquier medicina. Algunas se deben dejar días antes de la cirugía.",
    ),
    (
        -3,
        PathwayStep.Kind.TASK,
        "Ask someone to drive you home",
        "Pida a alguien que lo lleve a casa",
        "You cannot drive after surgery. Plan a ride, and someone to stay with you the first night.",
        "No puede manejar después de la cirugía. Busque quién lo lleve y quién se quede con usted la primera noche.",
    ),
    (
        -1,
        PathwayStep.Kind.TASK,
        "Nothing to eat after midnight",
        "No coma nada después de la medianoche",
        "Do not eat after midnight before your surgery, unless your care team tells you something else.",
        "No coma después de la medianoche antes de su cirugía, a menos que su equipo de atención le diga otra cosa.",
    ),
    (
        1,
        PathwayStep.Kind.TASK,
        "Check the warning signs",
        "Revise las señales de alarma",
        "Look at the warning-sign guide each day. Call the clinic if something worries you.",
        "Mire la guía de señales de alarma cada día. Llame a la clínica si algo le preocupa.",
    ),
    (
        42,
        PathwayStep.Kind.TASK,
        "Go to your 6-week check-up",
        "Vaya a su cita de control de las 6 semanas",
        "Your surgeon checks how you are healing and when you can do more.",
        "Su cirujano revisa cómo va sanando y cuándo puede hacer más cosas.",
    ),
]


def pathway_template_load(*, reviewer) -> PathwayTemplate:
    """The demo MISS pathway, submitted for review and published by `reviewer`."""
    article = Article.objects.get(slug=DEMO_SLUG)
    template, created = PathwayTemplate.objects.get_or_create(
        name=DEMO_PATHWAY, defaults={"name_es": "Cirugía de columna mínimamente invasiva (MISS)"}
    )
    if created:
        for order, (days, kind, title, title_es, words, words_es) in enumerate(DEMO_PATHWAY_STEPS):
            template.steps.create(
                days_from_surgery=days,
                kind=kind,
                title=title,
                title_es=title_es,
                instructions=words,
                instructions_es=words_es,
                article=article if kind != PathwayStep.Kind.TASK else None,
                order=order,
            )
        services.pathway_submit_for_review(template=template)
        services.pathway_publish(template=template, user=reviewer)
    return template


def pathway_load(*, patient_email: str, reviewer_email: str) -> str:
    """The demo MISS pathway for the demo patient, with surgery three weeks from today."""
    from portal.accounts.models import User

    reviewer = User.objects.filter(email=reviewer_email).first()
    patient = User.objects.filter(email=patient_email).first()
    if reviewer is None or patient is None:
        return ""
    template = pathway_template_load(reviewer=reviewer)
    if not PatientPathway.objects.filter(patient=patient, template=template).exists():
        surgery = timezone.localdate() + timedelta(days=DEMO_SURGERY_IN_DAYS)
        services.pathway_enrol(patient=patient, template=template, surgery_date=surgery, added_by=reviewer)
    return f"pathway “{template.name}” for {patient.email}"
