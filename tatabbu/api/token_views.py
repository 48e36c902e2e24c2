"""The page where a signed-in user creates and revokes their API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tatabbu.core.exceptions import ServiceError

from . import services
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    expires_in_days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        choices=[
            (30, gettext_lazy("30 days")),
            (90, gettext_lazy("90 days")),
            (365, gettext_lazy("one year")),
            ("", gettext_lazy("until revoked")),
        ],
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    status = 200
    secret = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, secret = services.api_token_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    expires_in_days=form.cleaned_data["expires_in_days"],
                )
            except ServiceError as error:
                form.add_error(None, str(error.message))
                status = 400
            else:
                form = TokenForm()
        else:
            status = 400
    else:
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "secret": secret},
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    token = ApiToken.objects.filter(uuid=uuid, user=request.user).first()
    if token is None:
        raise Http404
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("api_tokens:token_list")
