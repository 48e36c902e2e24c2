"""Sign-in, lockout, session lifetime, second factor and passwords (RELIABILITY.md B)."""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tatabbu.accounts import services
from tatabbu.accounts.forms import LoginForm
from tatabbu.accounts.receivers import SESSION_LAST_SEEN, SESSION_STARTED
from tatabbu.audit.models import Event

pytestmark = pytest.mark.django_db

PASSWORD = settings.SEED_PASSWORD


def _login_url() -> str:
    with translation.override("ar"):
        return reverse("accounts:login")


def _home_url() -> str:
    with translation.override("ar"):
        return reverse("accounts:home")


def _attempt(client: Client, username: str, password: str, forwarded_for: str = "") -> bool:
    """Submit the sign-in form; True when the session is authenticated afterwards."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    client.post(_login_url(), {"username": username, "password": password}, **extra)
    return "_auth_user_id" in client.session


def test_correct_password_signs_in_and_is_audited(focal_a) -> None:
    client = Client()
    assert _attempt(client, "focal.a", PASSWORD)
    assert Event.objects.filter(action="auth.login", actor=focal_a).exists()


def test_five_failures_lock_the_account_even_for_the_right_password(focal_a) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not _attempt(client, "focal.a", "wrong-password-123")
    assert not _attempt(client, "focal.a", PASSWORD)
    assert Event.objects.filter(action="auth.lockout", target_id=str(focal_a.pk)).exists()


def test_lockout_page_looks_like_a_wrong_password(focal_a) -> None:
    client = Client()
    wrong = client.post(_login_url(), {"username": "focal.a", "password": "nope-nope-123"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(_login_url(), {"username": "focal.a", "password": "nope-nope-123"})
    locked = client.post(_login_url(), {"username": "focal.a", "password": PASSWORD})
    assert wrong.status_code == locked.status_code == 200
    with translation.override("ar"):
        message = str(LoginForm.error_messages["invalid_login"])
    assert message in wrong.content.decode()
    assert message in locked.content.decode()


def test_spoofed_forwarded_for_does_not_reset_the_counter(focal_a) -> None:
    client = Client()
    for index in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "focal.a", "wrong-password-123", forwarded_for=f"203.0.113.{index}")
    assert not _attempt(client, "focal.a", PASSWORD, forwarded_for="198.51.100.77")


def test_locking_one_user_does_not_lock_another_behind_the_same_address(focal_a, focal_b) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "focal.a", "wrong-password-123")
    assert _attempt(Client(), "focal.b", PASSWORD)


def test_lockout_ends_after_the_cool_off(focal_a) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _attempt(Client(), "focal.a", "wrong-password-123")
        assert not _attempt(Client(), "focal.a", PASSWORD)
    later = datetime.datetime(2026, 11, 2, 9, 16, tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False):
        assert _attempt(Client(), "focal.a", PASSWORD)


def _signed_in(client_for, user) -> Client:  # type: ignore[no-untyped-def]
    client = client_for(user)
    assert client.get(_home_url()).status_code == 200
    return client


def _set_session(client: Client, **values: int) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_idle_session_expires_after_thirty_minutes(client_for, focal_a) -> None:
    client = _signed_in(client_for, focal_a)
    now = int(time.time())
    _set_session(client, **{SESSION_LAST_SEEN: now - settings.TATABBU_SESSION_IDLE_SECONDS - 5})
    response = client.get(_home_url())
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_active_session_ends_after_twelve_hours(client_for, focal_a) -> None:
    client = _signed_in(client_for, focal_a)
    now = int(time.time())
    _set_session(client, **{SESSION_STARTED: now - 12 * 3600 - 5, SESSION_LAST_SEEN: now})
    response = client.get(_home_url())
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_recent_activity_keeps_the_session(client_for, focal_a) -> None:
    client = _signed_in(client_for, focal_a)
    now = int(time.time())
    _set_session(client, **{SESSION_STARTED: now - 3600, SESSION_LAST_SEEN: now - 600})
    assert client.get(_home_url()).status_code == 200


def test_session_cookie_flags_in_production_settings() -> None:
    from config.settings import prod

    assert prod.SESSION_COOKIE_NAME.startswith("__Host-")
    assert prod.SESSION_COOKIE_SECURE and prod.SESSION_COOKIE_HTTPONLY
    assert prod.SESSION_COOKIE_SAMESITE == "Lax"
    assert prod.CSRF_COOKIE_NAME.startswith("__Host-") and prod.CSRF_COOKIE_SECURE
    assert prod.SESSION_COOKIE_AGE <= 12 * 3600
    assert prod.TATABBU_MFA_REQUIRED is True


def test_deactivated_user_loses_the_session(client_for, focal_a, administrator) -> None:
    client = _signed_in(client_for, focal_a)
    services.user_set_active(actor=administrator, user=focal_a, active=False)
    response = client.get(_home_url())
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Second factor ------------------------------------------------------------------------------


def _confirmed_device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_staff_without_a_device_must_enrol_before_anything_else(client_for, focal_a) -> None:
    client = client_for(focal_a)
    response = client.get(_home_url())
    assert response.status_code == 302
    assert "/mfa/setup/" in response["Location"]


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_staff_with_a_device_must_enter_a_code_then_gets_in(client_for, coordinator) -> None:
    device = _confirmed_device(coordinator)
    client = client_for(coordinator)
    response = client.get(_home_url())
    assert response.status_code == 302 and "/mfa/verify/" in response["Location"]
    with translation.override("ar"):
        verify_url = reverse("accounts:mfa_verify")
    key_before = client.session.session_key
    response = client.post(verify_url, {"token": _code(device)})
    assert response.status_code == 302
    assert client.get(_home_url()).status_code == 200
    assert client.session.session_key != key_before


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_a_totp_code_cannot_be_replayed(client_for, coordinator) -> None:
    device = _confirmed_device(coordinator)
    code = _code(device)
    with translation.override("ar"):
        verify_url = reverse("accounts:mfa_verify")
    first = client_for(coordinator)
    first.post(verify_url, {"token": code})
    assert first.get(_home_url()).status_code == 200
    second = client_for(coordinator)
    second.post(verify_url, {"token": code})
    assert second.get(_home_url()).status_code == 302


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_wrong_codes_are_throttled(client_for, coordinator) -> None:
    device = _confirmed_device(coordinator)
    client = client_for(coordinator)
    with translation.override("ar"):
        verify_url = reverse("accounts:mfa_verify")
    client.post(verify_url, {"token": "000000"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Throttled: even the right code is refused until the delay has passed.
    client.post(verify_url, {"token": _code(device)})
    assert client.get(_home_url()).status_code == 302


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_enrolment_confirms_the_device_and_signs_in(client_for, validator_a) -> None:
    client = client_for(validator_a)
    with translation.override("ar"):
        setup_url = reverse("accounts:mfa_setup")
    page = client.get(setup_url)
    assert page.status_code == 200 and b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=validator_a, confirmed=False)
    response = client.post(setup_url, {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(_home_url()).status_code == 200
    assert Event.objects.filter(action="user.mfa_enrol", target_id=str(validator_a.pk)).exists()


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_association_accounts_do_not_need_a_second_factor(client_for, association) -> None:
    assert client_for(association).get(_home_url()).status_code == 200


@override_settings(TATABBU_MFA_REQUIRED=True)
def test_api_session_without_second_factor_is_refused(client_for, coordinator) -> None:
    response = client_for(coordinator).get("/api/v1/institutions/")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


# --- Passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short-pw-1", "password1234567", "tatabbu-is-great-2026", "123456789012345"],
)
def test_weak_passwords_are_refused(password: str, coordinator) -> None:
    with pytest.raises(ValidationError):
        services.user_create(
            actor=coordinator, username="new.user", role="association", password=password
        )


def test_long_passphrases_are_accepted(coordinator) -> None:
    passphrase = "les cèdres de l'Atlas gardent la mémoire, 2026 — أرز الأطلس " * 2
    user = services.user_create(
        actor=coordinator, username="long.phrase", role="association", password=passphrase
    )
    assert user.check_password(passphrase)


# --- Password reset -------------------------------------------------------------------------------


def _reset_url() -> str:
    with translation.override("ar"):
        return reverse("accounts:password_reset")


def test_reset_answers_the_same_for_known_and_unknown_addresses(focal_a, mailoutbox) -> None:
    known = Client().post(_reset_url(), {"email": focal_a.email})
    unknown = Client().post(_reset_url(), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [focal_a.email]


def _reset_link(mailoutbox) -> str:  # type: ignore[no-untyped-def]
    import re

    return re.search(r"https?://[^/\s]+(/\S+/)", mailoutbox[-1].body).group(1)


def test_reset_link_works_once(focal_a, mailoutbox) -> None:
    Client().post(_reset_url(), {"email": focal_a.email})
    link = _reset_link(mailoutbox)
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "Cedres-Atlas-Reset-2026"
    client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": new_password, "new_password2": new_password},
    )
    focal_a.refresh_from_db()
    assert focal_a.check_password(new_password)
    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False


def test_reset_link_expires_after_an_hour(focal_a, mailoutbox) -> None:
    start = datetime.datetime(2026, 11, 3, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        Client().post(_reset_url(), {"email": focal_a.email})
    link = _reset_link(mailoutbox)
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        page = Client().get(link, follow=True)
    assert page.context["validlink"] is False
