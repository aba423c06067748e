"""`manage.py generate_corpus`: a large, repeatable corpus for `make bench`.

Every generated English article has a Spanish translation, so `--articles 20000`
makes 10,000 of each. Each patient has what My page shows for a patient in
care: the demo pathway (its steps dated from a surgery between two months ago
and two months ahead, the past ones mostly ticked, questionnaires scheduled on
it), 5 assigned articles (the pathway's own among them, some opened or read),
3 bookmarks (2 articles, 1 FAQ) and, for one patient in four, a question to the
care team. Everything is written with bulk inserts and a few set-wide UPDATEs
(search vectors, reading grades), so the tenfold corpus (20,000 articles,
50,000 patients) builds in a minute or two. Running it again adds to what is
there, up to the numbers asked for.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from care.demo import DEMO_PATHWAY, pathway_steps_add
from care.models import Assignment, Bookmark, PathwayTemplate, PatientPathway, PatientQuestion, PatientStep
from education import search
from education.demo import DEMO_SLUG
from education.models import FAQ, Article, Section
from education.readability import reading_grade
from outcomes.demo import instruments_load
from outcomes.services import schedule_standard
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
BOOKMARKED_ARTICLES = 2
QUESTION_EVERY = 4  # one patient in four has asked the care team something
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
        self._records(users, random.Random(7 + have))
        return len(users)

    def _records(self, users: list, rng: random.Random) -> None:
        """What My page shows for each patient: pathway steps, assignments, bookmarks, a question."""
        template = self._pathway()
        steps = list(template.steps.all())
        pathway_articles = list(dict.fromkeys(step.article_id for step in steps if step.article_id))
        readable = list(Article.objects.published().filter(language="en").order_by("pk").values_list("pk", flat=True))
        others = [pk for pk in readable if pk not in pathway_articles]
        faqs = list(FAQ.objects.filter(article_id__in=readable[:2000]).order_by("pk").values_list("pk", flat=True))
        today, now = timezone.localdate(), timezone.now()
        pathways = PatientPathway.objects.bulk_create(
            [
                PatientPathway(
                    patient=user, template=template, surgery_date=today + timedelta(days=rng.randint(-60, 60))
                )
                for user in users
            ],
            batch_size=BATCH,
        )
        assignments = []
        for user in users:
            articles = pathway_articles + rng.sample(others, ASSIGNMENTS_PER_PATIENT - len(pathway_articles))
            for order, pk in enumerate(articles):
                read = rng.random()
                assignments.append(
                    Assignment(
                        patient=user,
                        article_id=pk,
                        order=order,
                        due=Assignment.Due.BEFORE_SURGERY,
                        opened_at=now if read < 0.5 else None,
                        finished_at=now if read < 0.3 else None,
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        by_patient_article = {(a.patient_id, a.article_id): a for a in assignments}
        PatientStep.objects.bulk_create(
            [
                PatientStep(
                    pathway=pathway,
                    step=step,
                    due_date=(due := pathway.surgery_date + timedelta(days=step.days_from_surgery)),
                    assignment=by_patient_article.get((pathway.patient_id, step.article_id)),
                    done_at=now if due < today and rng.random() < 0.8 else None,
                )
                for pathway in pathways
                for step in steps
            ],
            batch_size=BATCH,
        )
        bookmarks = []
        for user in users:
            bookmarks += [Bookmark(patient=user, article_id=pk) for pk in rng.sample(others, BOOKMARKED_ARTICLES)]
            bookmarks.append(Bookmark(patient=user, faq_id=rng.choice(faqs)))
        Bookmark.objects.bulk_create(bookmarks, batch_size=BATCH)
        PatientQuestion.objects.bulk_create(
            [
                PatientQuestion(
                    patient=assignment.patient,
                    assignment=assignment,
                    text=_sentence(rng, "en", 10)[:-1] + "?",
                )
                for assignment in assignments[:: ASSIGNMENTS_PER_PATIENT * QUESTION_EVERY]
            ],
            batch_size=BATCH,
        )

    def _pathway(self) -> PathwayTemplate:
        """The demo pathway, published, with its questionnaires (written directly, as the articles are)."""
        template, created = PathwayTemplate.objects.get_or_create(
            name=DEMO_PATHWAY,
            defaults={"status": PathwayTemplate.Status.PUBLISHED, "reviewed_on": timezone.localdate()},
        )
        if created:
            article = Article.all_objects.get(slug=DEMO_SLUG)
            pathway_steps_add(template=template, article=article)
            schedule_standard(template=template, instruments=instruments_load())
        return template
