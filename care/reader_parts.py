"""A reader's own parts of article pages, kept per person (issue 35): which articles their care
team assigned them (with the assignment, for the box) and which they saved. Read in the session's
round trip (portal/sessions.py), so a warm article page asks the database nothing about the reader.

Cleared (by the marker rules of portal/accounts/user_cache.py, so a read racing a change never puts
the old parts back) when one of the person's assignments or bookmarks is saved or deleted, and by
the services that change assignments without saving them (the first opening, read-by dates that
follow a moved surgery date). The key holds the person's id: it is only ever read for the user the
session belongs to.
"""

from django.db.models.signals import post_delete, post_save

from care.models import Assignment, Bookmark
from portal.accounts.user_cache import entry_clear, entry_load

KEY = "care:reader-parts:2:{user}"
# An assignment is kept as its column values, not a pickled model instance: a reader with many
# assignments would otherwise unpickle every one of them on each article page, to show one.
_COLUMNS = [field.attname for field in Assignment._meta.concrete_fields]


def cache_key(user_id) -> str:
    return KEY.format(user=user_id)


def reader_parts(*, user_id) -> dict:
    """{"assignments": {article id: the assignment's column values}, "bookmarks": {article id}} of this
    person; `assignment_of` turns one into an Assignment."""

    def build():
        article = _COLUMNS.index("article_id")  # one assignment per article (article_assigned_once)
        rows = Assignment.objects.filter(patient_id=user_id).order_by().values_list(*_COLUMNS)
        assignments = {row[article]: row for row in rows}
        bookmarks = set(
            Bookmark.objects.filter(patient_id=user_id, article__isnull=False).values_list("article_id", flat=True)
        )
        return {"assignments": assignments, "bookmarks": bookmarks}

    return entry_load(cache_key(user_id), build)


def assignment_of(parts: dict, *article_ids) -> Assignment | None:
    """The reader's assignment of the first of `article_ids` they were assigned, as the ORM would load it."""
    for article_id in article_ids:
        row = parts["assignments"].get(article_id)
        if row is not None:
            return Assignment.from_db("default", _COLUMNS, row)
    return None


def reader_parts_clear(*, user_id) -> None:
    entry_clear(cache_key(user_id))


def _changed(sender, instance, **kwargs):
    reader_parts_clear(user_id=instance.patient_id)


def connect() -> None:
    for model in (Assignment, Bookmark):
        post_save.connect(_changed, sender=model, dispatch_uid=f"reader_parts_{model.__name__}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reader_parts_{model.__name__}_deleted")
