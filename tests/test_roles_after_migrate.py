"""Roles come from a post_migrate receiver: the same permissions as the migrations gave, and no new
migration calls `roles_sync` itself."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from portal.accounts.roles import ROLE_PERMISSIONS

# The migrations written before the receiver existed (issue 25); they keep their calls.
OLDER_MIGRATIONS_THAT_SYNC_ROLES = {
    "care/migrations/0001_moved_from_education.py",
    "care/migrations/0002_pathways_dated_from_surgery.py",
    "care/migrations/0003_teach_back_and_education_records.py",
    "care/migrations/0004_step_reminders.py",
    "education/migrations/0002_regions_and_roles.py",
    "education/migrations/0005_care_team_roles.py",
    "education/migrations/0015_pemat_rating_roles.py",
    "education/migrations/0017_search_indexes_backfill_and_synonyms.py",
    "education/migrations/0020_teach_back_questions.py",
    "outcomes/migrations/0001_questionnaires_schedules_answers.py",
    "outcomes/migrations/0002_roles_for_every_app.py",
    "outcomes/migrations/0004_pathway_procedure_to_care.py",
    "portal/accounts/migrations/0002_roles.py",
}


def permissions_by_role() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


@pytest.mark.django_db
def test_post_migrate_alone_gives_the_permissions_the_migrations_gave():
    after_migrate = permissions_by_role()  # the test database: migrations, then post_migrate
    Group.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert permissions_by_role() == after_migrate
    assert after_migrate == {role: set(names) for role, names in ROLE_PERMISSIONS.items()}


def test_no_new_migration_calls_roles_sync():
    root = Path(settings.BASE_DIR)
    calling = {
        path.relative_to(root).as_posix()
        for folder in ("portal", "education", "care", "outcomes", "estimates")
        for path in (root / folder).rglob("migrations/*.py")
        if re.search(r"roles_sync\(", path.read_text())
    }
    assert calling <= OLDER_MIGRATIONS_THAT_SYNC_ROLES, "new migrations leave roles to the post_migrate receiver"
