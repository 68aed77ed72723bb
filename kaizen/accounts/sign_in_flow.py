"""Signing in beyond the password: emailed sign-in links and the optional second factor.

A link is signed, expires after LOGIN_LINK_MAX_AGE seconds and is single-use: it carries the
time the person last signed in, which using it changes. It is how someone whose account a
stranger has throttled still gets in. The second factor is a TOTP authenticator app
(django-otp), with single-use recovery codes for a lost phone.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable

import segno
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaizen.accounts.models import Membership, User
from kaizen.accounts.roles import Role

LINK_SALT = "kaizen.accounts.sign_in_link"
RECOVERY_CODES = 10
APP_NAME = "Authenticator app"


class SignInLinkError(Exception):
    """A sign-in link that cannot be used; the message says why."""


# Emailed sign-in links -------------------------------------------------------------------


def _last_sign_in(user: User) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def sign_in_link_token(user: User) -> str:
    return signing.dumps([user.pk, _last_sign_in(user)], salt=LINK_SALT)


def email_sign_in_link(*, email: str, absolute_url: Callable[[str], str]) -> None:
    """Email a sign-in link to ``email`` if an active account has it; silently do nothing
    otherwise, so the page does not reveal who has an account."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    link = absolute_url(reverse("accounts:sign_in_link_use", args=[sign_in_link_token(user)]))
    context = {"link": link, "minutes": settings.LOGIN_LINK_MAX_AGE // 60}
    send_mail(
        subject=f"Your link to sign in to {settings.SITE_NAME}",
        message=render_to_string("accounts/sign_in_link_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def use_sign_in_link(token: str) -> User:
    """The person a genuine, unexpired, unused link is for; the link is used up."""
    try:
        pk, last_sign_in = signing.loads(token, salt=LINK_SALT, max_age=settings.LOGIN_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise SignInLinkError("This sign-in link has expired.") from error
    except signing.BadSignature as error:
        raise SignInLinkError("This sign-in link is not valid.") from error
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=pk, is_active=True).first()
        if user is None or _last_sign_in(user) != last_sign_in:
            raise SignInLinkError("This sign-in link has already been used.")
        # Marked now, not at the end of sign-in, so a second factor still to come cannot
        # leave the link usable.
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
    return user


# Second factor ---------------------------------------------------------------------------


def has_second_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def must_use_second_factor(user: User) -> bool:
    """Whether an organisation requires this person, as one of its admins, to use one."""
    return Membership.objects.filter(
        user=user, role=Role.ADMIN, organisation__require_admin_second_factor=True
    ).exists()


def pending_app(user: User) -> TOTPDevice:
    """The authenticator app being set up (unconfirmed), made on first asking."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, name=APP_NAME)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    # Inline SVG markup: no image data URL for the Content-Security-Policy to refuse.
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=4, title=APP_NAME)
    return svg


def confirm_app(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it; return new recovery codes, or None if wrong."""
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(device.user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes (each works once) and return them to show once."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def stop_second_factor(user: User) -> None:
    """Remove the person's app and recovery codes (refused by the view when it is required)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def pending_expired(started: float) -> bool:
    return time.time() - started > settings.LOGIN_LINK_MAX_AGE
