"""Demo data of the patient's journey: a reading plan and the MISS pathway for the demo patient."""

from datetime import timedelta

from django.utils import timezone

from care import caregivers, services
from care.models import Assignment, CaregiverGrant, PathwayStep, PathwayTemplate, PatientPathway, ReadingPlan
from education.demo import DEMO_PLAN, DEMO_SLUG
from education.models import Article


def reading_plan_load(*, patient_email: str) -> str:
    """A plan with the demo article, assigned to the demo patient with their surgeon."""
    from portal.accounts.models import User

    article = Article.all_objects.get(slug=DEMO_SLUG)
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
        services.care_team_add_patient(team=services.care_team_for_surgeon(surgeon=article.author), patient=patient)
    return f"reading plan “{plan.name}” for {patient.email}"


DEMO_PATHWAY = "Minimally invasive spine surgery (MISS)"
# Four weeks out: the earliest step (stop smoking, four weeks before) is due, not overdue, the day the demo
# loads, and the pre-surgery questionnaires (open 30 days before) are open.
DEMO_SURGERY_IN_DAYS = 28

# (days from surgery, kind, English title, Spanish title, English words, Spanish words); our own plain words.
# Each time-critical step sends the patient to the date their own doctors give; the guidance behind each
# is listed in docs/clinical-sources.md.
DEMO_PATHWAY_STEPS = [
    (
        -28,
        PathwayStep.Kind.TASK,
        "Stop smoking and nicotine now",
        "Deje de fumar y la nicotina ahora",
        "Stop smoking, vaping and other nicotine as early as you can, at least four weeks before surgery. "
        "Nicotine slows healing and can keep the bones of a fusion from joining. For free help to quit, call "
        "1-800-QUIT-NOW (1-800-784-8669).",
        "Deje de fumar, de vapear y cualquier otra nicotina lo antes posible, por lo menos cuatro semanas antes "
        "de la cirugía. La nicotina hace más lenta la curación y puede impedir que los huesos de una fusión se "
        "unan. Para ayuda gratis en español, llame al 1-855-DÉJELO-YA (1-855-335-3569).",
    ),
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
        -14,
        PathwayStep.Kind.TASK,
        "Check your medicine stop dates",
        "Revise las fechas para dejar sus medicinas",
        "Blood thinners and anti-platelet medicines stop on different days. Some stop 1 to 3 days before "
        "surgery. Some stop about 5 days before, such as warfarin and clopidogrel. Some stop 7 to 10 days "
        "before. SGLT2 diabetes pills, such as empagliflozin, stop 3 to 4 days before. Stop each one only on "
        "the date your surgeon or the doctor who prescribes it gives you. Never stop a heart or stent medicine "
        "without asking the doctor who prescribes it. Also ask your care team about pain pills such as "
        "ibuprofen or naproxen (NSAIDs), vitamins and supplements, and diabetes or weight-loss shots.",
        "Los anticoagulantes (medicinas para diluir la sangre) y los antiplaquetarios se dejan en días "
        "distintos. Algunos se dejan de 1 a 3 días antes de la cirugía. Otros se dejan unos 5 días antes, como "
        "la warfarina y el clopidogrel. Otros se dejan de 7 a 10 días antes. Las pastillas para la diabetes "
        "del tipo SGLT2, como la empagliflozina, se dejan de 3 a 4 días antes. Deje cada una solo en la fecha "
        "que le dé su cirujano o el médico que se la receta. Nunca deje una medicina para el corazón o para un "
        "stent sin preguntar al médico que se la receta. Pregunte también a su equipo de atención por las "
        "pastillas para el dolor como el ibuprofeno o el naproxeno (AINE), las vitaminas y los suplementos, y "
        "las inyecciones para la diabetes o para bajar de peso.",
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
        -3,
        PathwayStep.Kind.TASK,
        "Ask someone to drive you home",
        "Pida a alguien que lo/la lleve a casa",
        "You cannot drive after surgery. Plan a ride, and someone to stay with you the first night.",
        "No puede manejar después de la cirugía. Busque quién lo/la lleve y quién se quede con usted la primera noche.",
    ),
    (
        -1,
        PathwayStep.Kind.TASK,
        "Follow your eating and drinking instructions",
        "Siga sus instrucciones para comer y beber",
        "Eat and drink only as the clinic tells you before surgery. Clear drinks, such as water, are often "
        "allowed until a few hours before. Ask which morning medicines to take with a sip of water, and which "
        "to skip. Follow the times your surgeon or anesthesia team gives you.",
        "Coma y beba solo como le indique la clínica antes de la cirugía. Muchas veces se permiten bebidas "
        "claras, como el agua, hasta unas horas antes. Pregunte qué medicinas de la mañana debe tomar con un "
        "sorbo de agua y cuáles no. Siga las horas que le den su cirujano o el equipo de anestesia.",
    ),
    (
        0,
        PathwayStep.Kind.TASK,
        "Know the warning signs before you go home",
        "Conozca las señales de alarma antes de irse a casa",
        "Read the warning-sign guide on the day you go home, and keep it close. Call 911 or go to the "
        "emergency room for an emergency sign, such as numbness between your legs, new leg weakness or not "
        "being able to pass urine. Call the clinic for the other signs.",
        "Lea la guía de señales de alarma el día que se va a casa y téngala a mano. Llame al 911 o vaya a la "
        "sala de emergencias si tiene una señal de emergencia, como adormecimiento entre las piernas, "
        "debilidad nueva en una pierna o no poder orinar. Llame a la clínica por las demás señales.",
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


def pathway_steps_add(*, template: PathwayTemplate, article: Article) -> None:
    """The demo pathway's dated steps on `template`, reading steps pointing at `article`."""
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


def pathway_template_load(*, reviewer) -> PathwayTemplate:
    """The demo MISS pathway, submitted for review and published by `reviewer`."""
    article = Article.all_objects.get(slug=DEMO_SLUG)
    template, created = PathwayTemplate.objects.get_or_create(
        name=DEMO_PATHWAY, defaults={"name_es": "Cirugía de columna mínimamente invasiva (MISS)"}
    )
    if created:
        pathway_steps_add(template=template, article=article)
        services.pathway_submit_for_review(template=template)
        services.pathway_publish(template=template, user=reviewer)
    return template


def pathway_load(*, patient_email: str, reviewer_email: str) -> str:
    """The demo MISS pathway for the demo patient, with surgery four weeks from today."""
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


DEMO_OTHER_TEAM = "Pain clinic team"
DEMO_OTHER_PATIENT = ("olga.otero@example.com", "Olga", "Otero")


def care_teams_load(*, patient_emails: list[str], staff: list[tuple[str, str]]) -> str:
    """The demo surgeon's team with the demo nurse and coordinator and the demo patients, and a
    patient in another team (no login) whom the team's staff cannot find: need to know, seen."""
    from django.contrib.auth.models import Group

    from care.models import CareTeam, CareTeamStaff
    from portal.accounts.models import User
    from portal.accounts.roles import Role

    surgeon = Article.all_objects.get(slug=DEMO_SLUG).author
    if surgeon is None:
        return ""
    team = services.care_team_for_surgeon(surgeon=surgeon)
    for email, role in staff:
        if user := User.objects.filter(email=email).first():
            CareTeamStaff.objects.get_or_create(team=team, user=user, defaults={"role": role})
    for patient in User.objects.filter(email__in=patient_emails):
        services.care_team_add_patient(team=team, patient=patient)
    other_team, _ = CareTeam.objects.get_or_create(name=DEMO_OTHER_TEAM)
    email, first_name, last_name = DEMO_OTHER_PATIENT
    other, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        other.set_unusable_password()
        other.save(update_fields=["password"])
        other.groups.add(Group.objects.get(name=Role.PATIENT))
    services.care_team_add_patient(team=other_team, patient=other)
    return (
        f"care team “{team.name}” ({team.staff.count()} staff, {team.patients.count()} patients) "
        f"and “{other_team.name}” with {other.email}"
    )


def caregiver_load(*, patient_email: str, caregiver_email: str) -> str:
    """The demo patient shares their page with the demo caregiver (may tick steps and ask questions)."""
    from portal.accounts.models import User

    patient = User.objects.filter(email=patient_email).first()
    caregiver = User.objects.filter(email=caregiver_email).first()
    if patient is None or caregiver is None or CaregiverGrant.objects.filter(patient=patient).exists():
        return ""
    grant = CaregiverGrant.objects.create(
        patient=patient,
        name=caregiver.get_full_name(),
        email=caregiver.email,
        language="en",
        may_tick_steps_and_mark_read=True,
        may_ask_questions=True,
    )
    caregivers.grant_accept(grant=grant, caregiver=caregiver)
    return f"caregiver access for {caregiver_email} to {patient_email}'s page"
