"""Demo content for `load_demo`: the MISS article (English and Spanish) and its surgeon's profile."""

import json

from django.conf import settings
from django.utils.text import slugify

from education import services
from education.importer import decode_upload, parse_article
from education.models import FAQ, Article, Figure, GlossaryTerm, ReviewComment, Section, Surgeon

DEMO_ARTICLE = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.txt"
DEMO_SLUG = "minimally-invasive-spine-surgery"
DEMO_ARTICLE_SPANISH = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.es.txt"
DEMO_SLUG_SPANISH = "cirugia-de-columna-minimamente-invasiva"
DEMO_GLOSSARIES = {
    "en": settings.BASE_DIR / "content" / "glossary.json",
    "es": settings.BASE_DIR / "content" / "glossary.es.json",
}
DEMO_PLAN = "Before and after your spine surgery"


# What the demo changed from the clinic's own MISS page, for its medical reviewer to confirm. The clinic's
# layout of the warning signs is kept, untouched, only as a test fixture (tests/data/clinic_warning_signs*.txt).
REVIEWER_NOTES = (
    "Warning signs: numbness in the genitals, buttocks or inner thighs; new loss of bladder or bowel control or "
    "not being able to pass urine; new or worsening leg weakness or foot drop; not being able to move a limb; and "
    "pale, blue or very cold fingers or toes now send the patient to 911 or the emergency room, not to the clinic. "
    "A painful, swollen, warm or red calf, clear fluid from the wound and a headache worse when upright are now "
    "'call the clinic today'. Sources: docs/clinical-sources.md.",
    "CPT 63040 now carries its own descriptor (repeat laminotomy with nerve-root decompression, cervical); the "
    "clinic's page called it a thoracic discectomy.",
    "The cost section no longer lists the VA as a plan that pays after Medicare, and Tom in the example is 66.",
)

SURGEON_PROFILE = {
    "credentials": "MD",
    "title": "Fellowship-trained spine, sports and arthroscopic surgeon, Complete Orthopedics",
    "specialties": "Minimally invasive spine surgery; sports medicine; arthroscopic surgery",
    "locations": "Complete Orthopedics, Stony Brook, NY\nComplete Orthopedics, Port Jefferson, NY",
    "approves_content": True,
}
SPANISH_PROFILE = {
    "title_es": (
        "Cirujano de columna, medicina deportiva y artroscopia con formación de especialidad, Complete Orthopedics"
    ),
    "specialties_es": "Cirugía de columna mínimamente invasiva; medicina deportiva; cirugía artroscópica",
}

# The clinic's page ends its bio by pointing to the profile page, which reads oddly on the profile itself.
BIO_PROFILE_POINTER = "Please read my profile page, and come in to talk with me about your questions."
BIO_PROFILE_POINTER_NEW = "Come in to talk with me about your questions."
BIO_PROFILE_POINTER_ES = "Por favor, lea la página de mi perfil y venga a hablar conmigo sobre sus preguntas."
BIO_PROFILE_POINTER_ES_NEW = "Venga a hablar conmigo sobre sus preguntas."

# Figures in the order the page lists them: (section type they explain, our diagram, text alternative).
# The clinic's page puts the implant pictures under "Who does this surgery?"; they explain the surgery.
FIGURE_PLACES = {
    "en": [
        (Section.Kind.SURGICAL, "", ""),
        (
            Section.Kind.SURGICAL,
            Figure.Diagram.SCREWS_AND_ROD,
            "Side view of two spine bones. A screw goes in from the back through each bone. A long tube on each "
            "screw comes out through the skin, and a rod joins the two screws.",
        ),
        (Section.Kind.SURGICAL, "", ""),
        (Section.Kind.SURGICAL, "", ""),
    ],
    "es": [
        (Section.Kind.SURGICAL, "", ""),
        (
            Section.Kind.SURGICAL,
            Figure.Diagram.SCREWS_AND_ROD,
            "Vista de lado de dos huesos de la columna. Un tornillo entra por detrás en cada hueso. Un tubo largo "
            "en cada tornillo sale por la piel, y una varilla une los dos tornillos.",
        ),
        (Section.Kind.SURGICAL, "", ""),
        (Section.Kind.SURGICAL, "", ""),
    ],
}
# Our own diagrams, added to the demo article: (section type, diagram, caption, description, text alternative).
DIAGRAMS = {
    "en": [
        (
            Section.Kind.CLASSIFICATION,
            Figure.Diagram.TUBE_RETRACTOR,
            "A tube retractor is a narrow tube that holds the back muscles apart",
            "In tubular surgery, the surgeon slides a narrow tube through a small cut. The tube gently pushes the "
            "back muscles apart instead of cutting them. The tools go down the tube to the spine bone.",
            "A slice through the back: skin, fat and muscle on top of a spine bone, with a nerve below it. A narrow "
            "tube goes through the skin and between the muscle fibers, which bend around it, down to the bone.",
        ),
        (
            Section.Kind.SURGICAL,
            Figure.Diagram.INCISION_SIZE,
            "One long cut or a few small ones",
            "Picture 1 shows open surgery: one long cut down the middle of the lower back. Picture 2 shows MISS: "
            "two small cuts, each about an inch long.",
            "Two drawings of a person's back. In the first, one long cut runs down the middle of the lower back. In "
            "the second, there are two short cuts on either side of the spine.",
        ),
    ],
    "es": [
        (
            Section.Kind.CLASSIFICATION,
            Figure.Diagram.TUBE_RETRACTOR,
            "Un retractor tubular es un tubo estrecho que separa los músculos de la espalda",
            "En la cirugía tubular, el cirujano pasa un tubo estrecho por un corte pequeño. El tubo separa con "
            "cuidado los músculos de la espalda en vez de cortarlos. Las herramientas bajan por el tubo hasta el "
            "hueso de la columna.",
            "Un corte de la espalda: piel, grasa y músculo sobre un hueso de la columna, con un nervio debajo. Un "
            "tubo estrecho pasa por la piel y entre las fibras del músculo, que se doblan a su alrededor, hasta el "
            "hueso.",
        ),
        (
            Section.Kind.SURGICAL,
            Figure.Diagram.INCISION_SIZE,
            "Un corte largo o unos pocos cortes pequeños",
            "El dibujo 1 muestra la cirugía abierta: un corte largo por el medio de la parte baja de la espalda. "
            "El dibujo 2 muestra la MISS: dos cortes pequeños, de unos dos o tres centímetros cada uno.",
            "Dos dibujos de la espalda de una persona. En el primero, un corte largo baja por el medio de la parte "
            "baja de la espalda. En el segundo, hay dos cortes cortos, uno a cada lado de la columna.",
        ),
    ],
}

# The clinic's questions, grouped by what they are about so near-twins read as a set (by their order on the page).
FAQ_TOPICS = {
    "en": {
        "What MISS is and who it helps": [1, 4, 5, 6, 13, 15, 16, 17, 18, 21, 26],
        "Recovery and healing": [0, 3, 12, 25],
        "Risks": [2, 11],
        "Implants": [19, 24],
        "Tools, navigation and new technology": [7, 8, 9, 10, 14, 20, 22, 23],
    },
    "es": {
        "Qué es la MISS y a quién ayuda": [1, 4, 5, 6, 13, 15, 16, 17, 18, 21, 26],
        "Recuperación y curación": [0, 3, 12, 25],
        "Riesgos": [2, 11],
        "Implantes": [19, 24],
        "Herramientas, navegación y tecnología nueva": [7, 8, 9, 10, 14, 20, 22, 23],
    },
}


def demo_load(*, reviewer_email: str = "") -> list[str]:
    """Import the demo article once (published) and complete its surgeon's profile."""
    done = []
    # Each demo article is imported as a draft, finished (diagrams, question topics, teach-back
    # questions) and then published once, so its published revision holds all of it.
    if not Article.all_objects.filter(slug=DEMO_SLUG).exists():
        parsed = parse_article(decode_upload(DEMO_ARTICLE.read_bytes()))
        parsed.slug = DEMO_SLUG
        article = _demo_publish(services.article_import(parsed=parsed, kind=Article.Kind.PROCEDURE).article)
        # What the demo changed from the clinic's page waits on the article for its reviewer.
        for text in REVIEWER_NOTES:
            ReviewComment.objects.create(article=article, revision=article.live_revision, text=text)
        done.append(f"article “{parsed.title}” with its diagrams and teach-back questions")
    if not Article.all_objects.filter(slug=DEMO_SLUG_SPANISH).exists():
        parsed = parse_article(decode_upload(DEMO_ARTICLE_SPANISH.read_bytes()), language="es")
        imported = services.article_import(
            parsed=parsed,
            slug=DEMO_SLUG_SPANISH,
            language="es",
            translation_of=Article.all_objects.get(slug=DEMO_SLUG),
        )
        _demo_publish(imported.article)
        done.append(f"Spanish translation “{parsed.title}” with its diagrams and teach-back questions")
    surgeon = Article.all_objects.get(slug=DEMO_SLUG).author
    if surgeon is not None and not surgeon.title:
        Surgeon.objects.filter(pk=surgeon.pk).update(**SURGEON_PROFILE)
        done.append(f"profile of {surgeon.name}")
    if surgeon is not None and not surgeon.bio_es:
        # The Spanish page's author block is the clinic's own translation of the biography.
        spanish = parse_article(decode_upload(DEMO_ARTICLE_SPANISH.read_bytes()), language="es")
        Surgeon.objects.filter(pk=surgeon.pk).update(
            title_es=SPANISH_PROFILE["title_es"],
            specialties_es=SPANISH_PROFILE["specialties_es"],
            bio_es=spanish.author_bio.replace(BIO_PROFILE_POINTER_ES, BIO_PROFILE_POINTER_ES_NEW),
        )
        done.append(f"Spanish profile of {surgeon.name}")
    if surgeon is not None and BIO_PROFILE_POINTER in surgeon.bio:
        surgeon.bio = surgeon.bio.replace(BIO_PROFILE_POINTER, BIO_PROFILE_POINTER_NEW)
        surgeon.save(update_fields=["bio"])
    if surgeon is not None and reviewer_email and surgeon.user_id is None:
        from portal.accounts.models import User

        surgeon.user = User.objects.filter(email=reviewer_email).first()
        surgeon.save(update_fields=["user"])
    return done


def _demo_publish(article: Article) -> Article:
    demo_figures_place(article=article)
    demo_faq_topics(article=article)
    teach_back_add(article=article)
    revision = services.article_submit_for_review(article=article)
    return services.article_publish(revision=revision, user=None, reviewer=article.author)


def demo_figures_place(*, article: Article) -> bool:
    """Put the demo article's figures by the section each explains and add our diagrams (once)."""
    if article.figures.exclude(diagram="").exists():
        return False
    sections = {section.kind: section for section in article.sections.order_by("-order")}  # the first of a kind
    diagrams = DIAGRAMS[article.language]
    figures = article.figures.order_by("order", "pk")
    for order, (figure, (kind, diagram, alt_text)) in enumerate(
        zip(figures, FIGURE_PLACES[article.language], strict=False), start=len(diagrams)
    ):
        figure.section = sections.get(kind, figure.section)
        figure.diagram, figure.alt_text, figure.order = diagram, alt_text, order
        figure.save(update_fields=["section", "diagram", "alt_text", "order"])
    for order, (kind, diagram, caption, description, alt_text) in enumerate(diagrams):
        Figure.objects.create(
            article=article,
            section=sections.get(kind),
            diagram=diagram,
            caption=caption,
            description=description,
            alt_text=alt_text,
            order=order,
        )
    return True


def demo_faq_topics(*, article: Article) -> None:
    """Group the demo article's questions under topic headings (the importer files them all under its title)."""
    faqs = {faq.order: faq for faq in FAQ.objects.filter(article=article, topic=article.title)}
    for topic, orders in FAQ_TOPICS[article.language].items():
        FAQ.objects.filter(pk__in=[faqs[order].pk for order in orders if order in faqs]).update(topic=topic)


def glossary_load() -> int:
    """Add the demo glossaries' terms (English and Spanish) that are not there yet."""
    added = 0
    for language, path in DEMO_GLOSSARIES.items():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            _, created = GlossaryTerm.objects.get_or_create(
                slug=slugify(entry["term"]),
                language=language,
                defaults={
                    "term": entry["term"],
                    "definition": entry["definition"],
                    "also_known_as": ", ".join(entry.get("also_known_as", [])),
                },
            )
            added += created
    return added


# Teach-back questions on the demo article, in our own plain words: (slug, [(question, anchor, options)]).
# Each option: (key, text, right?, why). The key stays when the wording changes, and the Spanish question
# uses the same keys, so answers are counted by meaning, not by text. Patients see options shuffled.
DEMO_TEACH_BACK = {
    DEMO_SLUG: [
        (
            "After surgery, you feel numb between your legs and you cannot pass urine. What do you do?",
            "warning-signs",
            [
                ("call-911", "Call 911 or go to the emergency room now.", True,
                 "These can mean something is pressing on the nerves. It needs care right away."),
                ("wait-a-day", "Wait a day to see if it gets better.", False,
                 "Waiting can harm the nerves for good. These signs need care right away: call 911."),
                ("send-message", "Send the clinic a message on the portal.", False,
                 "Messages are read in working hours. These signs cannot wait: call 911."),
            ],
        ),
        (
            "After MISS, can you lift heavy things right away?",
            "activity-and-lifestyle-modifications",
            [
                ("step-by-step", "No. I go back to my activities step by step, as my care team says.", True,
                 "Your back needs time to heal. Your care team tells you when you can do more."),
                ("when-fine", "Yes, as soon as I feel fine.", False,
                 "Feeling fine does not mean your back has healed. Lifting too soon can strain it."),
            ],
        ),
        (
            "When do many people go home after MISS?",
            "recovery-and-what-to-expect-after-treatment",
            [
                ("same-day", "The same day or soon after.", True,
                 "The cuts are small, so many people go home the same day."),
                ("two-weeks", "After two weeks in the hospital.", False,
                 "Most people spend only a short time in the hospital."),
            ],
        ),
        (
            "What helps your bones heal after surgery?",
            "nutrition-and-bone-or-joint-health",
            [
                ("calcium", "Food with calcium and vitamin D.", True,
                 "Calcium and vitamin D keep bones strong and help you heal."),
                ("skip-meals", "Skipping meals.", False, "Your body needs good food to heal."),
                ("smoking", "Smoking.", False, "Smoking slows healing. Ask your care team for help to stop."),
            ],
        ),
    ],
    DEMO_SLUG_SPANISH: [
        (
            "Después de la cirugía, siente adormecida la zona entre las piernas y no puede orinar. ¿Qué hace?",
            "warning-signs",
            [
                ("call-911", "Llamo al 911 o voy a la sala de emergencias ahora.", True,
                 "Esto puede querer decir que algo aprieta los nervios. Necesita atención enseguida."),
                ("wait-a-day", "Espero un día a ver si mejora.", False,
                 "Esperar puede dañar los nervios para siempre. Estas señales necesitan atención enseguida: "
                 "llame al 911."),
                ("send-message", "Le mando un mensaje a la clínica por el portal.", False,
                 "Los mensajes se leen en horas de trabajo. Estas señales no pueden esperar: llame al 911."),
            ],
        ),
        (
            "Después de la MISS, ¿puede levantar cosas pesadas enseguida?",
            "actividad-y-cambios-en-el-estilo-de-vida",
            [
                ("step-by-step", "No. Vuelvo a mis actividades poco a poco, como me indique mi equipo médico.",
                 True, "Su espalda necesita tiempo para sanar. Su equipo médico le dirá cuándo puede hacer más."),
                ("when-fine", "Sí, en cuanto me sienta bien.", False,
                 "Sentirse bien no quiere decir que la espalda ya sanó. Levantar peso muy pronto puede lastimarla."),
            ],
        ),
        (
            "¿Cuándo se van a casa muchas personas después de la MISS?",
            "recuperacion-y-que-esperar-despues-del-tratamiento",
            [
                ("same-day", "El mismo día o poco después.", True,
                 "Los cortes son pequeños, así que muchas personas se van a casa el mismo día."),
                ("two-weeks", "Después de dos semanas en el hospital.", False,
                 "La mayoría de las personas pasan poco tiempo en el hospital."),
            ],
        ),
        (
            "¿Qué ayuda a sanar a sus huesos después de la cirugía?",
            "nutricion-y-salud-de-huesos-y-articulaciones",
            [
                ("calcium", "Comida con calcio y vitamina D.", True,
                 "El calcio y la vitamina D mantienen los huesos fuertes y le ayudan a sanar."),
                ("skip-meals", "Saltarse comidas.", False, "Su cuerpo necesita buena comida para sanar."),
                ("smoking", "Fumar.", False, "Fumar hace más lenta la curación. Pida ayuda a su equipo para dejarlo."),
            ],
        ),
    ],
}  # fmt: skip


def teach_back_add(*, article: Article) -> int:
    """Add the demo article's teach-back questions, in its language, where it has none."""
    questions = DEMO_TEACH_BACK.get(article.slug, [])
    if article.teach_back_questions.exists():
        return 0
    for order, (question, anchor, options) in enumerate(questions):
        article.teach_back_questions.create(
            order=order,
            question=question,
            section_anchor=anchor,
            options=[{"key": key, "text": text, "correct": correct, "why": why} for key, text, correct, why in options],
        )
    return len(questions)
