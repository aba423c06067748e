"""My page read, not recomputed (issue 35): the page's HTML per patient, from one cache read.

What is kept: My page as one reader sees it (the patient, or a caregiver under a grant), per
language, text size, content version (the titles of published articles) and clinic-local date
(steps and questionnaires turn due and overdue at midnight in the clinic's time zone, so a new
day is a new key). The CSRF token is left out: a placeholder, replaced per request.

When it is cleared: each patient has a stamp, and one more stamp is shared by every patient.
A write that changes what a patient's page shows gives that patient a new stamp (`my_page_changed`,
called by care/my_page_events.py and by the apps that add parts to the page); a change to what
every page shows (pathway templates, care teams, questionnaires) gives a new shared stamp
(`my_pages_all_changed`). Inside a transaction the stamp moves at once and again when it commits.
A page is stored with the stamps read before its data was read, and served only while both
stamps are the same: a request that read the data before a change can never serve it after.

A hit is one cache round trip (the page and both stamps in one MGET) and no query. When the
cache is down every request renders the page from the database, as before.
"""

import uuid
from datetime import datetime, time, timedelta

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language

from education.rendering import content_version
from portal import text_size
from portal.csrf import get_token

TEMPLATE = "care/my_page.html"
SHARED_STAMP_KEY = "care:my-page:all"
STAMP_TIMEOUT = 7 * 24 * 3600
# What the template draws in place of the CSRF token; never a character that escaping changes.
CSRF_PLACEHOLDER = "my-page-csrf-token-placeholder-7c1d0e"


def patient_stamp_key(patient_id) -> str:
    return f"care:my-page:patient:{patient_id}"


def page_key(*, patient_id, viewer_id, grant_id, language: str, size: int, today, version) -> str:
    return f"care:my-page:page:{patient_id}:{viewer_id}:{grant_id or 0}:{language}:{size}:{today}:{version}"


def my_page_changed(*patient_ids) -> None:
    """What these patients' My page shows has changed: their stored pages are not served again."""
    _new_stamps([patient_stamp_key(patient_id) for patient_id in patient_ids if patient_id is not None])


def my_pages_all_changed() -> None:
    """Something every patient's My page shows has changed (a pathway step's words, a care team)."""
    _new_stamps([SHARED_STAMP_KEY])


def _new_stamps(keys: list[str]) -> None:
    if not keys:
        return

    def move():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, STAMP_TIMEOUT)

    move()
    if transaction.get_connection().in_atomic_block:
        # A request may read the old rows after the first move and store them under the new stamp.
        transaction.on_commit(move)


def respond(request, *, patient, grant, build_context) -> HttpResponse:
    """My page for `patient` as this request's reader sees it: from the cache, else rendered from
    `build_context()` and stored. The caller has checked who may see the patient's page."""
    if not _cacheable(request):
        return HttpResponse(render_to_string(TEMPLATE, build_context(), request))
    today = timezone.localdate()
    key = page_key(
        patient_id=patient.pk,
        viewer_id=request.user.pk,
        grant_id=grant.pk if grant is not None else None,
        language=get_language(),
        size=text_size.for_request(request),
        today=today,
        version=content_version(),
    )
    patient_key = patient_stamp_key(patient.pk)
    found = cache.get_many([SHARED_STAMP_KEY, patient_key, key])
    stamps = (_stamp(found, patient_key), _stamp(found, SHARED_STAMP_KEY))
    stored = found.get(key)
    if stored is not None and None not in stamps and stored[:2] == stamps:
        html = stored[2]
    else:
        context = build_context()
        context["csrf_token"] = CSRF_PLACEHOLDER
        html = render_to_string(TEMPLATE, context, request)
        if None not in stamps:
            cache.set(key, (*stamps, html), _seconds_to_midnight(today))
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, escape(get_token(request))))


def _cacheable(request) -> bool:
    # A query string is echoed into the page (the language and size forms' "next"); a message is shown once.
    return request.method in ("GET", "HEAD") and not request.GET and not len(get_messages(request))


def _stamp(found: dict, key: str) -> str | None:
    """The stamp read with the page; a missing one is made first (None when the cache is down)."""
    stamp = found.get(key)
    if stamp is None:
        made = uuid.uuid4().hex
        stamp = made if cache.add(key, made, STAMP_TIMEOUT) else cache.get(key)
    return stamp


def _seconds_to_midnight(today) -> int:
    """Until the clinic's next midnight: the page's date is in its key, so this only frees memory."""
    midnight = datetime.combine(today + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    return max(60, int((midnight - timezone.now()).total_seconds()))
