"""Sign-in, second factor, password pages, the signed-in home and user administration."""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from tatabbu.core.exceptions import ConflictError, ServiceError

from . import selectors, services
from .forms import LoginForm, SecondFactorForm, UserForm
from .models import User
from .permissions import can_manage_users, user_passes


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def login_locked_out(
    request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes lockout response: the same page and message as a wrong password."""
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "login_error": LoginForm.error_messages["invalid_login"]}
    return render(request, "accounts/login.html", context, status=200)


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator: show its QR code, confirm with a first code."""
    user = request.user
    device = selectors.pending_totp_device(user=user)
    if device is None:
        device = services.mfa_device_start(actor=user, user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.mfa_device_confirm(actor=user, user=user, device=device)
            otp_login(request, device)
            request.session.cycle_key()
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_safe_next(request, reverse("accounts:home")))
        form.add_error("token", _("This code is not valid. Try the current code."))
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr_data_uri": _qr_data_uri(device.config_url), "secret": _b32(device)},
    )


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current TOTP code after the password (django-otp throttles wrong codes)."""
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_safe_next(request, reverse("accounts:home")))
        form.add_error("token", _("This code is not valid, or too many attempts were made."))
    return render(request, "accounts/mfa_verify.html", {"form": form})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in start page; each role sees its own entry points."""
    return render(
        request, "accounts/home.html", {"summary": selectors.home_summary(user=request.user)}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- User administration (administrators) ------------------------------------------------------

admin_required = user_passes(can_manage_users)


@admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.user_list(user=request.user, query=request.GET.get("q", ""))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": request.GET.get("q", "")})


@admin_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            user = services.user_create(actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The account was created."))
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@admin_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    initial = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": target.role,
        "institution": target.institution,
        "preferred_language": target.preferred_language,
        "version": target.version,
    }
    form = UserForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.user_update(actor=request.user, user=target, version=version, **data)
        except ConflictError:
            status = 409
            target.refresh_from_db()
            form.add_error(None, _("Someone else changed this account since you opened it."))
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("accounts:user_edit", pk=target.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "target": target}, status=status
    )


@admin_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    target = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(
            actor=request.user, user=target, active=request.POST.get("active") == "1"
        )
    except ServiceError as error:
        messages.error(request, str(error.message))
    return redirect("accounts:user_edit", pk=target.pk)


def _add_errors(form: UserForm, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ServiceError):
        form.add_error(None, str(error.message))
    else:
        form.add_error(None, error)  # type: ignore[arg-type]


# --- E-mail verification of self-registered accounts --------------------------------------------


def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation button (mail scanners that follow links change nothing); POST
    activates the account once."""
    from .verification import user_for_verification_token

    if request.method == "POST":
        try:
            services.user_email_verify(token=token)
        except ServiceError as error:
            return render(
                request, "accounts/email_verify.html", {"error": error.message}, status=400
            )
        messages.success(request, _("Your e-mail address is confirmed. You can now sign in."))
        return redirect("accounts:login")
    valid = user_for_verification_token(token) is not None
    status = 200 if valid else 400
    return render(request, "accounts/email_verify.html", {"valid": valid}, status=status)
