from django.contrib.auth import views as auth_views
from django.urls import path

from portal.accounts import two_factor, views
from portal.accounts.forms import LoginForm
from portal.middleware import two_factor_exempt

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", two_factor_exempt(views.LogoutView.as_view()), name="logout"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("invite/<uidb64>/<token>/", views.InviteAcceptView.as_view(), name="invite_accept"),
    path("email/change/", views.email_change, name="email_change"),
    path("email/change/new/<str:token>/", views.email_change_link, {"side": "new"}, name="email_change_new"),
    path("email/change/old/<str:token>/", views.email_change_link, {"side": "old"}, name="email_change_old"),
]
