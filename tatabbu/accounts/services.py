"""Writes to user accounts. Every one is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ServiceError
from tatabbu.institutions.models import Institution

from .choices import INSTITUTION_ROLES, Role
from .models import User

register_actions(
    {
        "user.create": _("User created"),
        "user.update": _("User changed"),
        "user.deactivate": _("User deactivated"),
        "user.reactivate": _("User reactivated"),
        "user.password_set": _("Password set"),
        "user.mfa_enrol": _("Second factor enrolled"),
        "user.mfa_reset": _("Second factor reset"),
        "user.email_verify": _("E-mail address verified, account activated"),
    }
)

_AUDITED_FIELDS = [
    "username",
    "email",
    "first_name",
    "last_name",
    "role",
    "institution",
    "preferred_language",
    "is_active",
]


def _check_role_institution(role: str, institution: Institution | None) -> None:
    if role in INSTITUTION_ROLES and institution is None:
        raise ValidationError(
            {"institution": _("Focal points and validators belong to an institution.")},
            code="institution_required",
        )


@service
def user_create(
    *,
    actor: Any,
    username: str,
    role: str,
    institution: Institution | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    preferred_language: str = "ar",
) -> User:
    """Create an account. Without a password the account cannot sign in until one is set."""
    _check_role_institution(role, institution)
    user = User(
        username=username,
        role=role,
        institution=institution if role in INSTITUTION_ROLES else None,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    record(
        actor=actor,
        action="user.create",
        target=user,
        institution=user.institution_id,
        after=snapshot(user, _AUDITED_FIELDS),
    )
    return user


@service
def user_update(*, actor: Any, user: User, version: int, **changes: Any) -> User:
    """Change profile, role or institution; refuses a stale ``version``."""
    unknown = set(changes) - set(_AUDITED_FIELDS)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(user, _AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    if user.role not in INSTITUTION_ROLES:
        user.institution = None
    _check_role_institution(user.role, user.institution)
    user.is_staff = user.is_superuser = user.role == Role.ADMINISTRATOR
    user.full_clean()
    after = snapshot(user, _AUDITED_FIELDS)
    changed = [name for name in _AUDITED_FIELDS if before[name] != after[name]]
    if not changed:
        return user
    bump_version(user, expected_version=version, fields=[*changed, "is_staff", "is_superuser"])
    record(
        actor=actor,
        action="user.update",
        target=user,
        institution=user.institution_id,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return user


@service
def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Deactivate or reactivate. A deactivated user's sessions stop working on their next request
    (Django refuses inactive users when it loads the session's user)."""
    if user.is_active == active:
        return user
    if not active and actor is not None and actor.pk == user.pk:
        raise ServiceError(_("You cannot deactivate your own account."), code="self_deactivate")
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor=actor,
        action="user.reactivate" if active else "user.deactivate",
        target=user,
        institution=user.institution_id,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return user


@service
def user_set_password(*, actor: Any, user: User, password: str, validate: bool = True) -> User:
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=actor, action="user.password_set", target=user, institution=user.institution_id)
    return user


@service
def user_email_verify(*, token: str) -> User:
    """Activate the self-registered account the verification link was made for.

    The link works once (activating the account changes the state it was signed with), expires
    after ``TATABBU_EMAIL_VERIFICATION_SECONDS``, and never reactivates an account that was
    deactivated after it had been used."""
    from .verification import user_for_verification_token

    user = user_for_verification_token(token)
    if user is None:
        raise ServiceError(
            _("This link is not valid: it has expired or has already been used."),
            code="invalid_verification_link",
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        actor=user,
        action="user.email_verify",
        target=user,
        before={"is_active": False},
        after={"is_active": True},
    )
    return user


# --- Development and test personas -------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    username: str
    role: str
    institution_setting: str | None = None
    first_name: str = ""
    last_name: str = ""
    institution_slug: str | None = None  # a fixed institution instead of a setting


PERSONAS = [
    Persona("administrator", Role.ADMINISTRATOR, None, "Amina", "Admin"),
    Persona("coordinator", Role.COORDINATOR, None, "Karim", "Coordinator"),
    Persona("management", Role.MANAGEMENT, None, "Salma", "Management"),
    Persona("focal.a", Role.FOCAL_POINT, "TATABBU_PERSONA_INSTITUTION_A", "Youssef", "Focal A"),
    Persona("validator.a", Role.VALIDATOR, "TATABBU_PERSONA_INSTITUTION_A", "Nadia", "Validator A"),
    Persona("focal.b", Role.FOCAL_POINT, "TATABBU_PERSONA_INSTITUTION_B", "Omar", "Focal B"),
    Persona("validator.b", Role.VALIDATOR, "TATABBU_PERSONA_INSTITUTION_B", "Leila", "Validator B"),
    Persona("association", Role.ASSOCIATION, None, "Hind", "Association"),
    Persona("reviewer", Role.REVIEWER, None, "Rachid", "Reviewer"),
    # The DIDH unit that leads most of the 2026 plan's projects: its head reports their progress,
    # its approver validates the reports.
    Persona(
        "unit.head", Role.FOCAL_POINT, None, "Meriem", "Unit head", "didh-international-mechanisms"
    ),
    Persona(
        "unit.approver",
        Role.VALIDATOR,
        None,
        "Hamid",
        "Unit approver",
        "didh-international-mechanisms",
    ),
]


@service
def personas_seed(*, actor: Any = None) -> dict[str, str]:
    """Create or reset the development personas (password ``SEED_PASSWORD``); idempotent."""
    if not getattr(settings, "TATABBU_ALLOW_SEED_PERSONAS", False):
        raise ServiceError(_("Personas are for development and tests only."), code="not_allowed")
    if not settings.SEED_PASSWORD:
        raise ServiceError(_("SEED_PASSWORD is not set."), code="no_seed_password")
    outcome: dict[str, str] = {}
    for persona in PERSONAS:
        institution = None
        if persona.institution_setting or persona.institution_slug:
            slug = persona.institution_slug or getattr(settings, persona.institution_setting)
            institution = Institution.objects.filter(slug=slug).first()
            if institution is None:
                raise ServiceError(
                    _("Institution %(slug)s is missing: run load_reference first.")
                    % {"slug": slug},
                    code="institution_missing",
                )
        user = User.objects.filter(username=persona.username).first()
        if user is None:
            user = user_create(
                actor=actor,
                username=persona.username,
                role=persona.role,
                institution=institution,
                email=f"{persona.username}@example.org",
                first_name=persona.first_name,
                last_name=persona.last_name,
                password=settings.SEED_PASSWORD,
            )
            outcome[persona.username] = "created"
            continue
        changes = {"role": persona.role, "institution": institution, "is_active": True}
        user_update(actor=actor, user=user, version=user.version, **changes)
        if not user.check_password(settings.SEED_PASSWORD):
            user_set_password(
                actor=actor, user=user, password=settings.SEED_PASSWORD, validate=False
            )
            outcome[persona.username] = "reset"
        else:
            outcome[persona.username] = "unchanged"
    return outcome


# --- Second factor -------------------------------------------------------------------------------


@service
def mfa_device_start(*, actor: Any, user: User) -> Any:
    """Create an unconfirmed TOTP device to enrol (shown as a QR code until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    record(
        actor=actor,
        action="user.mfa_reset",
        target=user,
        institution=user.institution_id,
        extra={"device": device.name, "step": "start"},
    )
    return device


@service
def mfa_device_confirm(*, actor: Any, user: User, device: Any) -> None:
    """Confirm an enrolled device after a first valid code; other devices are removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(
        actor=actor,
        action="user.mfa_enrol",
        target=user,
        institution=user.institution_id,
        extra={"device": device.name},
    )
