"""Caregiver access pages (issue 32).

The patient's side (/me/sharing/...): invite, see who has access and what they did, change,
renew, revoke. These are the patient's own: in a caregiver context they are 404 (care.access).
The caregiver's side: accept the invitation, then switch between their own page and each
person who shared with them (/me/caring/).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import access, caregivers
from care.forms import CaregiverAccountForm, CaregiverInviteForm, CaregiverScopesForm
from care.models import CaregiverGrant
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.ratelimit import rate_limit


def _own_grant(request, pk) -> CaregiverGrant:
    """One of the patient's own grants (the patient is request.user: never in a caregiver context)."""
    return get_object_or_404(CaregiverGrant.objects.select_related("caregiver"), pk=pk, patient=request.user)


# The patient's side ----------------------------------------------------------------------------


def caregivers_page(request):
    grants = list(CaregiverGrant.objects.filter(patient=request.user).select_related("caregiver"))
    return render(request, "care/caregivers.html", {"grants": grants})


@rate_limit("caregiver-invite", limit=10, period=3600)
def caregiver_invite(request):
    form = CaregiverInviteForm(request.POST or None, patient=request.user)
    if request.method == "POST":
        if form.is_valid():
            grant = caregivers.grant_invite(
                patient=request.user,
                language=get_language(),
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
            messages.success(
                request,
                _("We sent %(name)s an email with a link. They can use it for 14 days.") % {"name": grant.name},
            )
            return redirect("care:caregivers")
        return render(request, "care/caregiver_invite.html", {"form": form}, status=400)
    return render(request, "care/caregiver_invite.html", {"form": form})


def caregiver_detail(request, pk):
    grant = _own_grant(request, pk)
    form = CaregiverScopesForm(request.POST or None, instance=CaregiverGrant.objects.get(pk=grant.pk))
    if request.method == "POST":
        if grant.revoked_at is not None:
            messages.error(request, _("This access has ended. Invite them again to share once more."))
            return redirect("care:caregivers")
        if form.is_valid():
            caregivers.grant_change(grant=grant, **form.cleaned_data)
            messages.success(request, _("Saved. %(name)s may now do what you chose.") % {"name": grant.name})
            return redirect("care:caregiver_detail", pk=grant.pk)
        status = 400
    else:
        status = 200
    context = {"grant": grant, "form": form, "log": caregivers.grant_log(grant=grant)}
    return render(request, "care/caregiver_detail.html", context, status=status)


def caregiver_revoke(request, pk):
    """GET asks "Are you sure?"; POST ends the access at once."""
    grant = _own_grant(request, pk)
    if request.method == "POST":
        caregivers.grant_revoke(grant=grant, by=request.user)
        messages.success(request, _("%(name)s can no longer see your page.") % {"name": grant.name})
        return redirect("care:caregivers")
    return render(request, "care/caregiver_revoke.html", {"grant": grant})


@require_POST
def caregiver_renew(request, pk):
    grant = _own_grant(request, pk)
    try:
        caregivers.grant_renew(grant=grant)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("care:caregivers")
    messages.success(
        request,
        _("Renewed. %(name)s can see your page until %(date)s.")
        % {"name": grant.name, "date": grant.expires_at.date().isoformat()},
    )
    return redirect("care:caregivers")


# The caregiver's side --------------------------------------------------------------------------


@login_not_required
@rate_limit("caregiver-accept", limit=20, period=900)
def caregiver_accept(request, token):
    grant = caregivers.grant_by_token(token)
    if grant is None:
        return render(request, "care/caregiver_accept_gone.html", status=404)
    patient_name = grant.patient.get_full_name() or grant.patient.email
    context = {"grant": grant, "patient_name": patient_name}
    if request.user.is_authenticated:
        refusal = caregivers.accept_refusal(grant=grant, user=request.user)
        if refusal:
            return render(request, "care/caregiver_accept.html", {**context, "refusal": refusal}, status=403)
        if request.method == "POST":
            return _accepted(request, grant, request.user)
        return render(request, "care/caregiver_accept.html", context)
    email_taken = User.objects.filter(email=grant.email).exists()
    form = CaregiverAccountForm(User(email=grant.email, first_name=grant.name[:150]), request.POST or None)
    context.update(
        {
            "form": None if email_taken else form,
            "login_url": f"{reverse('login')}?{urlencode({'next': request.path})}",
        }
    )
    if request.method == "POST" and not email_taken:
        if form.is_valid():
            try:
                with transaction.atomic():  # the account and the acceptance, or neither
                    user = form.save()
                    user.groups.add(Group.objects.get(name=Role.PATIENT))  # a patient-side account, never staff
                    caregivers.grant_accept(grant=grant, caregiver=user)
            except ValidationError as error:
                return render(
                    request, "care/caregiver_accept.html", {**context, "refusal": error.messages[0]}, status=400
                )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, grant)
        return render(request, "care/caregiver_accept.html", context, status=400)
    return render(request, "care/caregiver_accept.html", context)


def _accepted(request, grant, user):
    try:
        caregivers.grant_accept(grant=grant, caregiver=user)
    except ValidationError as error:
        return render(
            request,
            "care/caregiver_accept.html",
            {"grant": grant, "refusal": error.messages[0]},
            status=400,
        )
    return _welcome(request, grant)


def _welcome(request, grant):
    messages.success(
        request,
        _("Thank you. You can now see the page of %(name)s. Choose it below.")
        % {"name": grant.patient.get_full_name() or grant.patient.email},
    )
    return redirect("care:caregiving")


def caregiving(request):
    """The people who shared their page with this user, and a way back to their own."""
    grants = list(
        CaregiverGrant.objects.active().filter(caregiver=request.user).select_related("patient").order_by("pk")
    )
    current = access.acting_grant(request)
    return render(request, "care/caregiving.html", {"grants": grants, "current": current})


@require_POST
def caregiving_switch(request):
    """Act for a patient who shared with you (their id), or for yourself (empty)."""
    value = request.POST.get("patient", "")
    if not value:
        request.session.pop(access.ACTING_FOR, None)
        messages.info(request, _("You are back on your own page."))
        return redirect("care:my_page")
    if not value.isdigit():
        raise Http404("No such patient.")
    grant = get_object_or_404(
        CaregiverGrant.objects.active().select_related("patient"), caregiver=request.user, patient_id=int(value)
    )
    request.session[access.ACTING_FOR] = grant.patient_id
    messages.info(
        request,
        _("You are now viewing for %(name)s.") % {"name": grant.patient.get_full_name() or grant.patient.email},
    )
    return redirect("care:my_page")
