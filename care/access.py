"""Whom a request acts for: the patient themself, or the patient a caregiver switched to (issue 32).

`patient_for(request, scope)` is the one way a patient page finds its patient. In a caregiver
context the grant is looked up on every request (never cached between requests), so a revoked or
expired grant is refused at the caregiver's next request.

CAREGIVER_PAGES is the allow-list: while a caregiver acts for a patient, every other URL answers
404 (CaregiverMiddleware), so a page added later is refused until it is listed here. Teach-back,
questionnaires, account settings and the audit trail are never listed: they are the patient's own.
"""

import functools

from django.http import Http404

from care.models import CaregiverGrant

ACTING_FOR = "care_acting_for"  # session key: the patient's id while a caregiver acts for them
_CACHE = "_care_grant"  # on the request object only: one lookup per request

Scope = CaregiverGrant.Scope

# URL name -> the scope it needs (None: the always-allowed reading). Anything else is 404 in a caregiver context.
CAREGIVER_PAGES: dict[str, str | None] = {
    "care:my_page": None,
    "care:packet": None,
    "care:steps_calendar": None,
    "care:step_done": Scope.TICK,
    "care:assignment_finish": Scope.TICK,
    "care:assignment_question": Scope.ASK,
    "estimates:saved_list": Scope.ESTIMATES,
    "estimates:saved_detail": Scope.ESTIMATES,
    # The caregiver's own switcher, and pages that hold nothing of the patient's.
    "care:caregiving": None,
    "care:caregiving_switch": None,
    "care:caregiver_accept": None,
    "home": None,
    "logout": None,
    "language_switch": None,
    "text_size_switch": None,
}
# Public content (articles, FAQs, the warning-sign guide, search) holds nothing of the patient's.
CAREGIVER_NAMESPACES = ("education",)
# Open whatever state the grant is in: logging out always works.
ALWAYS_OPEN = {"logout"}
# Pages whose use is not written to the audit trail (they show no patient data).
UNAUDITED = {
    "care:caregiving",
    "care:caregiving_switch",
    "care:caregiver_accept",
    "home",
    "logout",
    "language_switch",
    "text_size_switch",
}


def acting_grant(request) -> CaregiverGrant | None:
    """The active grant the request acts under, or None when the user acts for themself.

    Raises Http404 when the session names a patient but no active grant covers it any more."""
    if not hasattr(request, _CACHE):
        grant = None
        patient_id = _session_patient(request)
        if patient_id is not None:
            grant = (
                CaregiverGrant.objects.active()
                .filter(caregiver=request.user, patient_id=patient_id)
                .select_related("patient")
                .order_by("-expires_at")
                .first()
            )
            if grant is None:
                request.session.pop(ACTING_FOR, None)  # back to their own page from the next request
                setattr(request, _CACHE, None)
                raise Http404("No active caregiver access for this patient.")
        setattr(request, _CACHE, grant)
    return getattr(request, _CACHE)


def patient_for(request, scope: str | None = None):
    """The patient this request acts for: the user, or the patient whose grant covers `scope`; else 404."""
    grant = acting_grant(request)
    if grant is None:
        return request.user
    if not grant.allows(scope):
        raise Http404("This caregiver may not do this for the patient.")
    return grant.patient


def acted_by(request):
    """Who to record as having acted for the patient: the caregiver, or None when it is the patient."""
    grant = acting_grant(request)
    return grant.caregiver if grant is not None else None


def patient_only(view):
    """For the patient's own pages (teach-back, settings): 404 in a caregiver context, whatever the
    allow-list says (a second lock behind CaregiverMiddleware)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if in_caregiver_context(request):
            raise Http404("This page is the patient's own.")
        return view(request, *args, **kwargs)

    return wrapped


def in_caregiver_context(request) -> bool:
    return _session_patient(request) is not None


def _session_patient(request) -> int | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return None
    value = session.get(ACTING_FOR)
    return value if isinstance(value, int) else None


def page_allowed(view_name: str) -> tuple[bool, str | None]:
    """(allowed in a caregiver context, the scope it needs)."""
    if view_name in CAREGIVER_PAGES:
        return True, CAREGIVER_PAGES[view_name]
    return view_name.split(":", 1)[0] in CAREGIVER_NAMESPACES and ":" in view_name, None
