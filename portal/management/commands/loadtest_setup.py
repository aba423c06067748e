from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from care import services as care_services
from education import demo as education_demo
from education import services
from education.importer import decode_upload, parse_article
from education.models import Article
from portal.accounts.models import User
from portal.accounts.roles import Role

# Known passwords, like load_demo's accounts: development and load tests only.
PASSWORD = "loadtest-patient-pass"
SAMPLE_PAGE = settings.BASE_DIR / "tests" / "data" / "clinic_page.txt"


def loadtest_email(number: int) -> str:
    return f"loadtest-patient-{number:02d}@example.com"


class Command(BaseCommand):
    help = "Make the demo patients the load test logs in as (one each, so no login limit trips) and content to read."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=50)

    @transaction.atomic
    def handle(self, *args, patients, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Load-test accounts have a known password, so they are only made with DJANGO_DEBUG=true."
            )
        if not 1 <= patients <= 500:
            raise CommandError("Use between 1 and 500 patients.")
        self._content()
        group = Group.objects.get(name=Role.PATIENT)
        hashed = make_password(PASSWORD)  # hashed once: Argon2 is slow on purpose
        articles = list(Article.objects.published())
        for number in range(1, patients + 1):
            user, created = User.objects.get_or_create(
                email=loadtest_email(number), defaults={"first_name": "Load", "last_name": f"Test {number}"}
            )
            if created:
                User.objects.filter(pk=user.pk).update(password=hashed)
                user.groups.add(group)
                care_services.assignments_create(patient=user, articles=articles)
        self.stdout.write(f"{patients} load-test patients ({loadtest_email(1)} …), password {PASSWORD}")

    def _content(self):
        if Article.objects.published().exists():
            return
        if education_demo.DEMO_ARTICLE.exists():
            education_demo.demo_load()
            return
        # Until the demo article is in the checkout, the importer's sample page stands in.
        self.stdout.write(f"No demo article at {education_demo.DEMO_ARTICLE}; importing {SAMPLE_PAGE.name} instead.")
        parsed = parse_article(decode_upload(SAMPLE_PAGE.read_bytes()))
        services.article_import(parsed=parsed, publish=True)
