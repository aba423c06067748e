"""Demo content for `load_demo`: the MISS article (English and Spanish) and its surgeon's profile."""

import json

from django.conf import settings
from django.utils.text import slugify

from education import services
from education.importer import decode_upload, parse_article
from education.models import Article, GlossaryTerm, Surgeon

DEMO_ARTICLE = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.txt"
DEMO_SLUG = "minimally-invasive-spine-surgery"
DEMO_ARTICLE_SPANISH = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.es.txt"
DEMO_SLUG_SPANISH = "cirugia-de-columna-minimamente-invasiva"
DEMO_GLOSSARIES = {
    "en": settings.BASE_DIR / "content" / "glossary.json",
    "es": settings.BASE_DIR / "content" / "glossary.es.json",
}
DEMO_PLAN = "Before and after your spine surgery"

SURGEON_PROFILE = {
    "credentials": "MD",
    "title": "Fellowship-trained spine, sports and arthroscopic surgeon, Complete Orthopedics",
    "specialties": "Minimally invasive spine surgery; sports medicine; arthroscopic surgery",
    "locations": "Complete Orthopedics, Stony Brook, NY\nComplete Orthopedics, Port Jefferson, NY",
    "approves_content": True,
}


def demo_load(*, reviewer_email: str = "") -> list[str]:
    """Import the demo article once (published) and complete its surgeon's profile."""
    done = []
    if not Article.objects.filter(slug=DEMO_SLUG).exists():
        parsed = parse_article(decode_upload(DEMO_ARTICLE.read_bytes()))
        parsed.slug = DEMO_SLUG
        services.article_import(parsed=parsed, kind=Article.Kind.PROCEDURE, publish=True)
        done.append(f"article “{parsed.title}”")
    if not Article.objects.filter(slug=DEMO_SLUG_SPANISH).exists():
        parsed = parse_article(decode_upload(DEMO_ARTICLE_SPANISH.read_bytes()), language="es")
        services.article_import(
            parsed=parsed,
            slug=DEMO_SLUG_SPANISH,
            publish=True,
            language="es",
            translation_of=Article.objects.get(slug=DEMO_SLUG),
        )
        done.append(f"Spanish translation “{parsed.title}”")
    surgeon = Article.objects.get(slug=DEMO_SLUG).author
    if surgeon is not None and not surgeon.title:
        Surgeon.objects.filter(pk=surgeon.pk).update(**SURGEON_PROFILE)
        done.append(f"profile of {surgeon.name}")
    if surgeon is not None and reviewer_email and surgeon.user_id is None:
        from portal.accounts.models import User

        surgeon.user = User.objects.filter(email=reviewer_email).first()
        surgeon.save(update_fields=["user"])
    return done


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
# Each option: (text, right?, why).
DEMO_TEACH_BACK = {
    DEMO_SLUG: [
        (
            "After MISS, can you lift heavy things right away?",
            "activity-and-lifestyle-modifications",
            [
                ("No. I go back to my activities step by step, as my care team says.", True,
                 "Your back needs time to heal. Your care team tells you when you can do more."),
                ("Yes, as soon as I feel fine.", False,
                 "Feeling fine does not mean your back has healed. Lifting too soon can strain it."),
            ],
        ),
        (
            "When do many people go home after MISS?",
            "recovery-and-what-to-expect-after-treatment",
            [
                ("The same day or soon after.", True, "The cuts are small, so many people go home the same day."),
                ("After two weeks in the hospital.", False, "Most people spend only a short time in the hospital."),
            ],
        ),
        (
            "What helps your bones heal after surgery?",
            "nutrition-and-bone-or-joint-health",
            [
                ("Food with calcium and vitamin D.", True,
                 "Calcium and vitamin D keep bones strong and help you heal."),
                ("Skipping meals.", False, "Your body needs good food to heal."),
                ("Smoking.", False, "Smoking slows healing. Ask your care team for help to stop."),
            ],
        ),
    ],
    DEMO_SLUG_SPANISH: [
        (
            "Después de la MISS, ¿puede levantar cosas pesadas enseguida?",
            "actividad-y-cambios-en-el-estilo-de-vida",
            [
                ("No. Vuelvo a mis actividades poco a poco, como me indique mi equipo médico.", True,
                 "Su espalda necesita tiempo para sanar. Su equipo médico le dirá cuándo puede hacer más."),
                ("Sí, en cuanto me sienta bien.", False,
                 "Sentirse bien no quiere decir que la espalda ya sanó. Levantar peso muy pronto puede lastimarla."),
            ],
        ),
        (
            "¿Cuándo se van a casa muchas personas después de la MISS?",
            "recuperacion-y-que-esperar-despues-del-tratamiento",
            [
                ("El mismo día o poco después.", True,
                 "Los cortes son pequeños, así que muchas personas se van a casa el mismo día."),
                ("Después de dos semanas en el hospital.", False,
                 "La mayoría de las personas pasan poco tiempo en el hospital."),
            ],
        ),
        (
            "¿Qué ayuda a sanar a sus huesos después de la cirugía?",
            "nutricion-y-salud-de-huesos-y-articulaciones",
            [
                ("Comida con calcio y vitamina D.", True,
                 "El calcio y la vitamina D mantienen los huesos fuertes y le ayudan a sanar."),
                ("No comer.", False, "Su cuerpo necesita buena comida para sanar."),
                ("Fumar.", False, "Fumar hace más lenta la curación. Pida ayuda a su equipo para dejarlo."),
            ],
        ),
    ],
}  # fmt: skip


def teach_back_load() -> int:
    """Add the demo article's teach-back questions (English and Spanish) where it has none."""
    added = 0
    for slug, questions in DEMO_TEACH_BACK.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None or article.teach_back_questions.exists():
            continue
        for order, (question, anchor, options) in enumerate(questions):
            article.teach_back_questions.create(
                order=order,
                question=question,
                section_anchor=anchor,
                options=[{"text": text, "correct": correct, "why": why} for text, correct, why in options],
            )
            added += 1
    return added
