from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation link: the patient chooses a password and is logged in."""

    template_name = "accounts/invite_accept.html"
    post_reset_login = True
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Welcome! Your password is set and you are logged in."))
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out. Thank you for visiting."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)
