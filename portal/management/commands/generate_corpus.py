"""`manage.py generate_corpus`: a large, repeatable corpus for `make bench`.

Every generated English article has a Spanish translation, so `--articles 20000`
makes 10,000 of each. Everything is written with bulk inserts and a few
set-wide UPDATEs (search vectors, reading grades), so the tenfold corpus
(20,000 articles, 50,000 patients with 5 assignments each) builds in about a
minute. Running it again adds to what is there, up to the numbers asked for.
"""

import random
import time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from care.models import Assignment
from education import search
from education.models import FAQ, Article, Section
from education.readability import reading_grade
from portal.accounts.models import User
from portal.accounts.roles import Role

WORDS = {
    "en": [
        "spine",
        "disc",
        "nerve",
        "back",
        "neck",
        "pain",
        "surgery",
        "recovery",
        "walk",
        "rest",
        "bone",
        "fusion",
        "screw",
        "rod",
        "healing",
        "exercise",
        "posture",
        "sleep",
        "lift",
        "doctor",
        "clinic",
        "week",
        "month",
        "stiff",
        "numb",
        "tingle",
        "leg",
        "arm",
        "muscle",
        "joint",
        "brace",
        "scan",
        "image",
        "plan",
        "care",
        "team",
    ],
    "es": [
        "columna",
        "disco",
        "nervio",
        "espalda",
        "cuello",
        "dolor",
        "cirugía",
        "recuperación",
        "caminar",
        "descanso",
        "hueso",
        "fusión",
        "tornillo",
        "barra",
        "curación",
        "ejercicio",
        "postura",
        "sueño",
        "levantar",
        "médico",
        "clínica",
        "semana",
        "mes",
        "rígido",
        "entumecido",
        "hormigueo",
        "pierna",
        "brazo",
        "músculo",
        "articulación",
        "faja",
        "imagen",
        "plan",
        "cuidado",
        "equipo",
    ],
}
SECTION_KINDS = [Section.Kind.OVERVIEW, Section.Kind.SYMPTOMS, Section.Kind.RECOVERY]
ASSIGNMENTS_PER_PATIENT = 5
BATCH = 5000


def _sentence(rng: random.Random, language: str, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS[language]) for _ in range(words)).capitalize() + "."


class Command(BaseCommand):
    help = "Generate a large corpus for benchmarks: articles in English and Spanish, patients with assignments."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000, help="Total articles, half of them Spanish.")
        parser.add_argument("--patients", type=int, default=5000)
        parser.add_argument("--password", default="bench-patient-password")

    def handle(self, *args, articles, patients, password, **options):
        started = time.monotonic()
        with transaction.atomic():
            made_articles = self._articles(articles // 2)
            made_patients = self._patients(patients, password)
        self.stdout.write(
            f"Generated {made_articles} articles and {made_patients} patients in {time.monotonic() - started:.1f} s."
        )

    def _articles(self, pairs: int) -> int:
        have = Article.all_objects.filter(slug__startswith="generated-", language="en").count()
        numbers = range(have, pairs)
        if not numbers:
            return 0
        rng = random.Random(42 + have)  # the same corpus every run
        english, spanish = [], []
        sections, faqs = [], []
        for n in numbers:
            for language, articles in (("en", english), ("es", spanish)):
                bodies = [" ".join(_sentence(rng, language) for _ in range(6)) for _ in SECTION_KINDS]
                summary = _sentence(rng, language, 20)
                text = "\n".join([summary, *bodies])
                article = Article(
                    title=f"{'Generated article' if language == 'en' else 'Artículo generado'} {n}: "
                    f"{rng.choice(WORDS[language])} {rng.choice(WORDS[language])}",
                    slug=f"generated-{n}" if language == "en" else f"generado-{n}",
                    language=language,
                    summary=summary,
                    status=Article.Status.PUBLISHED,
                    word_count=len(text.split()),
                    # Every generated text has the same make-up; one grade per language is honest enough.
                    reading_grade=None,
                )
                article.bodies = bodies
                articles.append(article)
        Article.all_objects.bulk_create(english, batch_size=BATCH)
        for original, translation in zip(english, spanish, strict=True):
            translation.translation_of = original
        Article.all_objects.bulk_create(spanish, batch_size=BATCH)
        for article in english + spanish:
            for order, (kind, body) in enumerate(zip(SECTION_KINDS, article.bodies, strict=True)):
                sections.append(Section(article=article, kind=kind, heading=kind.label, body=body, order=order))
            for order in range(2):
                faqs.append(
                    FAQ(
                        article=article,
                        language=article.language,
                        question=_sentence(rng, article.language, 6)[:-1] + "?",
                        answer=_sentence(rng, article.language, 18),
                        order=order,
                    )
                )
        Section.objects.bulk_create(sections, batch_size=BATCH)
        FAQ.objects.bulk_create(faqs, batch_size=BATCH)
        for language in ("en", "es"):
            generated = Article.all_objects.filter(pk__in=[a.pk for a in english + spanish if a.language == language])
            sample = english[0] if language == "en" else spanish[0]
            generated.update(reading_grade=reading_grade("\n".join([sample.summary, *sample.bodies]), language))
            search.learn_words(" ".join(WORDS[language]), language)
        search.index_dirty(learn=False)  # bulk inserts start dirty: one set-wide pass writes every vector
        return len(english) + len(spanish)

    def _patients(self, patients: int, password: str) -> int:
        have = User.objects.filter(email__startswith="bench-patient-").count()
        if have >= patients:
            return 0
        hashed = make_password(password)  # one hash for all: hashing 50,000 times would take an hour
        users = User.objects.bulk_create(
            [User(email=f"bench-patient-{n}@example.com", password=hashed) for n in range(have, patients)],
            batch_size=BATCH,
        )
        group = Group.objects.get(name=Role.PATIENT)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=BATCH
        )
        readable = list(Article.objects.published().filter(language="en").order_by("pk").values_list("pk", flat=True))
        rng = random.Random(7 + have)
        Assignment.objects.bulk_create(
            [
                Assignment(patient=user, article_id=pk, order=order)
                for user in users
                for order, pk in enumerate(rng.sample(readable, min(ASSIGNMENTS_PER_PATIENT, len(readable))))
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return len(users)
