from django.http import Http404

from care import access


def caregiving(request):
    """The grant a caregiver acts under, for the "You are viewing for …" banner. No query unless the
    session names a patient (the middleware has then looked the grant up already)."""
    if not access.in_caregiver_context(request):
        return {}
    try:
        return {"caregiving_grant": access.acting_grant(request)}
    except Http404:
        return {}


def caregiving_banner(request):
    """For cached pages (portal/hot_page.py): the banner's template and the name it shows while a
    caregiver acts for a patient, else None. The grant is the one the middleware looked up."""
    grant = caregiving(request).get("caregiving_grant")
    return None if grant is None else ("care/caregiving_banner.html", grant.patient)
