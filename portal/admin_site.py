from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, resolve_url
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django_otp import user_has_device

# Callables `part(request) -> dict` adding context to the admin's index page (the staff dashboard).
INDEX_PARTS: list = []


def register_index_part(part) -> None:
    if part not in INDEX_PARTS:
        INDEX_PARTS.append(part)


class PortalAdminSite(admin.AdminSite):
    """The Django admin, with articles overdue for review on its index page.

    Only staff who passed two-step login may use it: staff without an
    authenticator app are sent to set one up, staff with one to enter a code.
    A logged-in patient is sent to their home page with a plain message.
    """

    index_template = "admin/portal_index.html"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and not user.is_staff:
            # A patient who typed /admin/: no staff login form asking to switch accounts.
            messages.info(request, gettext("That part of the portal is for clinic staff. Here is your home page."))
            return redirect("home")
        if user.is_active and user.is_staff and not user.is_verified():
            step = "two_factor_verify" if user_has_device(user, confirmed=True) else "two_factor_setup"
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or resolve_url("admin:index")
            return redirect(f"{resolve_url(step)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        return super().login(request, extra_context)

    def get_urls(self):
        language = self.admin_view(self.language_view)
        return [path("language/", language, name="admin_language"), *super().get_urls()]

    def language_view(self, request):
        """The admin's own language for this staff member (the patient site's switch leaves it alone)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        language = request.POST.get("language", "")
        if language not in dict(settings.LANGUAGES):
            return HttpResponseBadRequest(gettext("Choose English or Spanish."))
        request.user.admin_language = language
        request.user.save(update_fields=["admin_language"])
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = resolve_url("admin:index")
        return redirect(target)

    def index(self, request, extra_context=None):
        # Apps add their parts of the dashboard (education: reviews due) with `register_index_part`,
        # so the platform imports no domain app.
        extra_context = extra_context or {}
        for part in INDEX_PARTS:
            extra_context.update(part(request))
        return super().index(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
