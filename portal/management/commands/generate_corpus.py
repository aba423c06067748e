import random

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from education.models import FAQ, Article, Section
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.care.models import Assignment

WORDS = [
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
]


def _sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class Command(BaseCommand):
    help = "Generate a large corpus for benchmarks: articles with sections and FAQs, patients with assignments."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000)
        parser.add_argument("--patients", type=int, default=500)
        parser.add_argument("--password", default="bench-patient-password")

    @transaction.atomic
    def handle(self, *args, articles, patients, password, **options):
        rng = random.Random(42)  # the same corpus every run
        start = Article.objects.filter(slug__startswith="generated-").count()
        new_articles = Article.objects.bulk_create(
            Article(
                title=f"Generated article {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                slug=f"generated-{n}",
                summary=_sentence(rng, 20),
                status=Article.Status.PUBLISHED,
                word_count=400,
            )
            for n in range(start, start + articles)
        )
        Section.objects.bulk_create(
            Section(
                article=article,
                kind=kind,
                heading=kind.label,
                body=" ".join(_sentence(rng) for _ in range(6)),
                order=order,
            )
            for article in new_articles
            for order, kind in enumerate([Section.Kind.OVERVIEW, Section.Kind.SYMPTOMS, Section.Kind.RECOVERY])
        )
        FAQ.objects.bulk_create(
            FAQ(article=article, question=_sentence(rng, 6)[:-1] + "?", answer=_sentence(rng, 18), order=order)
            for article in new_articles
            for order in range(2)
        )
        for article in new_articles:  # search vectors and suggestion words, as after an import
            article.refresh_text_stats()
        patient_group = Group.objects.get(name=Role.PATIENT)
        users = []
        for n in range(patients):
            user, created = User.objects.get_or_create(email=f"bench-patient-{n}@example.com")
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                user.groups.add(patient_group)
            users.append(user)
        published = list(Article.objects.published().values_list("pk", flat=True)[:50])
        Assignment.objects.bulk_create(
            [Assignment(patient=user, article_id=pk, order=i) for user in users for i, pk in enumerate(published[:5])],
            ignore_conflicts=True,
        )
        self.stdout.write(f"Generated {len(new_articles)} articles and {len(users)} patients.")
