"""Refuses every page a caregiver may not use for the patient they act for (issue 32).

The allow-list is care.access.CAREGIVER_PAGES: a page added later is refused by default. Each
allowed page with patient data is written to the audit trail (one event per request), so the
patient can see what their caregiver looked at and did."""

from django.http import Http404

from care import access
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


class CaregiverMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not access.in_caregiver_context(request):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name in access.ALWAYS_OPEN:
            return None
        grant = access.acting_grant(request)  # 404 once revoked or expired
        allowed, scope = access.page_allowed(view_name)
        if not allowed or not grant.allows(scope):
            audit_record(
                action=AuditEvent.Action.CAREGIVER_REFUSED,
                target=grant,
                detail={"page": view_name, "method": request.method},
            )
            raise Http404("Caregivers may not use this page for the patient.")
        if view_name not in access.UNAUDITED and not view_name.startswith("education:"):
            audit_record(
                action=AuditEvent.Action.CAREGIVER_PAGE_USED,
                target=grant,
                detail={"page": view_name, "method": request.method, "patient": grant.patient_id},
            )
        return None
