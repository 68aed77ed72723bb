"""Site-wide account URLs: signing in and out, passwords, invitations, the organisation list."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, reverse_lazy
from django.views.generic import RedirectView

from kaizen.accounts import sign_in_views, views

app_name = "accounts"

_reset = "accounts/password_reset"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    # The admin site's own sign-in would check passwords past the throttle and the second
    # factor; it is sent to ours (this list is included before the admin's URLs).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("sign-in/link/", sign_in_views.sign_in_link_request, name="sign_in_link"),
    path("sign-in/link/<str:token>/", sign_in_views.sign_in_link_use, name="sign_in_link_use"),
    path("sign-in/code/", sign_in_views.sign_in_code, name="sign_in_code"),
    path("account/second-factor/", sign_in_views.second_factor, name="second_factor"),
    path(
        "account/second-factor/stop/",
        sign_in_views.second_factor_stop,
        name="second_factor_stop",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.jinja",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.jinja"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=f"{_reset}_form.jinja",
            email_template_name=f"{_reset}_email.txt",
            subject_template_name=f"{_reset}_subject.txt",
            # Django would call the site by its domain name; the email names the service.
            extra_email_context={"site_name": settings.SITE_NAME},
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name=f"{_reset}_sent.jinja"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=f"{_reset}_confirm.jinja",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name=f"{_reset}_complete.jinja"),
        name="password_reset_complete",
    ),
]
