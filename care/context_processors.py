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
