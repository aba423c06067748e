"""Need to know in the admin (issue 29): every admin of patient data shows only the patients the
staff member may see (`care.selectors.patients_visible_to`); anything else answers 404.

`portal` imports no domain app, so the scoping lives here and the admins of care, outcomes and
estimates (and the person admin, re-registered in care/admin.py) compose it with
portal.audit.admin.PatientDataAdminMixin:

    class ResponseAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, admin.ModelAdmin): ...
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from care.selectors import patients_visible_to, scope_to_patients


def patient_path(model, depth: int = 2) -> str | None:
    """The lookup from `model` to the patient whose data it is ("patient", "pathway__patient",
    "response__patient"), or None for a model that is nobody's patient data. Read from `_meta`, so
    models added later are found too."""
    user_model = get_user_model()
    forward = [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField) and field.concrete
    ]
    for field in forward:
        if field.name == "patient" and field.related_model is user_model:
            return "patient"
    if depth:
        for field in forward:
            if field.related_model in (model, user_model):
                continue
            inner = patient_path(field.related_model, depth - 1)
            if inner:
                return f"{field.name}__{inner}"
    return None


class NeedToKnowObjectMixin:
    """A record the staff member may not see answers 404 on every page of it (change, delete,
    history, each old version), after the usual 403 for staff without the permission at all."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the staff member's care teams: it does not exist for them

    def _visible_or_404(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last saved version when the record is not in the queryset.
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class PatientScopedAdminMixin(NeedToKnowObjectMixin):
    """Narrows an admin of patient data to the patients `request.user` may see.

    Lists, pages, history, bulk actions and CSV exports of the list read `get_queryset`; a record
    outside it answers 404 (never "does not exist" with a redirect that confirms the id). Choices
    of a patient (or of another patient's record) in its forms are narrowed the same way, and so
    is the autocomplete, which reads the person admin's `get_queryset`.
    `patient_field` is the lookup to the patient; by default it is found from the model.
    """

    patient_field: str | None = None

    def get_patient_field(self) -> str:
        field = self.patient_field or patient_path(self.model)
        if not field:
            raise TypeError(f"{self.model._meta.label} has no patient: set patient_field on {type(self).__name__}.")
        return field

    def get_queryset(self, request):
        return scope_to_patients(super().get_queryset(request), request.user, self.get_patient_field())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(db_field, request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scoped_choices(db_field, user):
    """The choices of a foreign key in a staff form, narrowed to the patients `user` may see: the
    patient field itself, or another record of patient data (a patient's pathway). None: not patient data."""
    related = db_field.related_model
    if related is get_user_model():
        return patients_visible_to(user) if db_field.name == "patient" else None
    path = patient_path(related)
    if path is None:
        return None
    return scope_to_patients(related._default_manager.all(), user, path)


class PatientScopedInlineMixin:
    """The same narrowing for the foreign keys of an inline's forms."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(db_field, request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
