"""Two-step login: an authenticator app (TOTP) plus one-time recovery codes.

Staff must set one up before the admin opens (portal.admin_site); patients
may. Staff set theirs up only right after logging in through their invitation
link (a superuser's reset sends a new one), never with a password alone.
Once an account has an app, every login asks for a code
(portal.middleware.TwoFactorMiddleware).
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.middleware import TWO_FACTOR_ENROL, TWO_FACTOR_REQUIRED, two_factor_exempt

RECOVERY_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        if not code.isalnum():
            raise forms.ValidationError(_("Type only the letters and digits of the code."))
        return code


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("home")


def _admin_look(request, next_url: str) -> bool:
    """Staff, or anyone on their way into the admin, see the two-step pages in the admin's look."""
    return request.user.is_staff or next_url.startswith(resolve_url("admin:index"))


def _page(request, template: str, context: dict, *, kind: str = "form", status: int = 200):
    if _admin_look(request, context.get("next", "")):
        context = {**context, "base_template": f"admin/accounts/{kind}_page.html"}
    return render(request, template, context, status=status)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{resolve_url(url_name)}?{urlencode({'next': next_url})}"


def recovery_codes_create(user) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_code_svg(uri: str) -> str:
    """The otpauth link as an inline SVG QR code, drawn on the server (no script, no style)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def setup(request):
    """Show the app's QR code and secret; a correct code turns two-step login on."""
    next_url = _next_url(request)
    if user_has_device(request.user, confirmed=True):
        if request.user.is_verified():
            messages.info(request, _("Two-step login is already on for your account."))
            return redirect(next_url)
        return redirect(_with_next("two_factor_verify", next_url))
    if request.user.is_staff and not request.session.get(TWO_FACTOR_ENROL):
        # A password alone must not let anyone tie their own phone to a staff account.
        return _page(request, "accounts/two_factor_setup_refused.html", {"next": next_url}, kind="message", status=403)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = recovery_codes_create(request.user)
                audit_record(action=AuditEvent.Action.TWO_FACTOR_ENABLED, target=request.user)
            otp_login(request, device)
            request.session[TWO_FACTOR_REQUIRED] = True
            request.session.pop(TWO_FACTOR_ENROL, None)
            return _page(request, "accounts/two_factor_codes.html", {"codes": codes, "next": next_url}, kind="message")
        form.add_error(
            "code",
            _("That code is not right. Check that your phone shows the right time, then type the 6 digits shown now."),
        )
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 (made by qrcode from our own data)
        "secret": b32encode(device.bin_key).decode(),
        "otpauth_uri": device.config_url,
    }
    return _page(request, "accounts/two_factor_setup.html", context)


@two_factor_exempt
def verify(request):
    """The second step of logging in: a code from the app or a recovery code."""
    next_url = _next_url(request)
    if not user_has_device(request.user, confirmed=True):
        return redirect(_with_next("two_factor_setup", next_url))
    if request.user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # Six digits are an app code; anything else can only be a recovery code.
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        for device in devices_for_user(request.user):
            if isinstance(device, kind) and verify_token(request.user, device.persistent_id, code):
                otp_login(request, device)
                audit_record(
                    action=AuditEvent.Action.TWO_FACTOR_VERIFIED,
                    target=request.user,
                    detail={"method": "app" if kind is TOTPDevice else "recovery"},
                )
                return redirect(next_url)
        audit_record(action=AuditEvent.Action.TWO_FACTOR_FAILED, target=request.user)
        form.add_error(
            "code",
            _(
                "That code is not right, or it was already used. Type the 6 digits your app shows now, "
                "or a recovery code you have not used. After several wrong codes, wait a little before trying again."
            ),
        )
    return _page(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})
