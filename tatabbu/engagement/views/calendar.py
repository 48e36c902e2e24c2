"""Screens of engagement with the UN mechanisms: thin views over selectors and services."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.accounts.permissions import is_active_user, user_passes
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError

from .. import calendar, forms, ical, selectors, services
from ..permissions import can_manage_engagement, can_view_communications, can_view_engagement

staff_only = user_passes(can_view_engagement)
managers_only = user_passes(can_manage_engagement)
docket_users = user_passes(can_view_communications)
# Confidential records: anyone signed in may ask; those who may not see them get a 404.
signed_in = user_passes(is_active_user)


def _error_status(error: Exception) -> int:
    return 409 if isinstance(error, ConflictError | TransitionError) else 400


def _apply_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(getattr(error, "message", error)))


# --- Calendar -------------------------------------------------------------------------------


def _filtered_entries(request: HttpRequest, form: forms.CalendarFilterForm, **bounds: Any) -> list:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.calendar_entries(
        user=request.user,
        body=data.get("body", ""),
        kinds=data.get("kind", []),
        include_estimated=not data.get("official_only", False),
        **bounds,
    )


def _month_weeks(first: datetime.date, entries: list) -> list[list[dict[str, Any]]]:
    by_day: dict[datetime.date, list] = defaultdict(list)
    for entry in entries:
        by_day[entry.date].append(entry)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [
            {"date": day, "in_month": day.month == first.month, "entries": by_day[day]}
            for day in week
        ]
        for week in weeks
    ]


@staff_only
def calendar_month(request: HttpRequest) -> HttpResponse:
    form = forms.CalendarFilterForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    today = timezone.localdate()
    first = form.month_start(today)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    entries = _filtered_entries(request, form, start=first, end=last)
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        "form": form,
        "filter_fields": [form["month"], form["body"], form["kind"]],
        "first": first,
        "weeks": _month_weeks(first, entries),
        "entries": entries,
        "previous_month": calendar.add_months(first, -1).strftime("%Y-%m"),
        "next_month": calendar.add_months(first, 1).strftime("%Y-%m"),
        "query": query.urlencode(),
        "weekdays": [datetime.date(2026, 6, day) for day in range(1, 8)],  # from a Monday
    }
    feed = selectors.calendar_feed_get(user=request.user)
    context["feed_url"] = feed_url(request, feed) if feed else ""
    return render(request, "engagement/calendar_month.html", context, status=status)


@staff_only
def calendar_list(request: HttpRequest) -> HttpResponse:
    form = forms.CalendarFilterForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or timezone.localdate().replace(month=1, day=1)
    end = data.get("end")
    entries = _filtered_entries(request, form, start=start, end=end)
    context = {
        "form": form,
        "filter_fields": [form["start"], form["end"], form["body"], form["kind"]],
        "entries": entries,
        "start": start,
        "end": end,
    }
    return render(request, "engagement/calendar_list.html", context, status=status)


@require_POST
@staff_only
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_reset(actor=request.user)
    messages.success(
        request, _("Your calendar address is ready. Any previous address no longer works.")
    )
    return redirect("engagement:calendar_month")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's deadlines as iCalendar, for calendar applications (no session: the secret
    token in the address is the credential)."""
    user = selectors.calendar_feed_user(token=token)
    start = calendar.add_years(timezone.localdate(), -2)
    estimated = _("estimated")
    events = [
        ical.AllDayEvent(
            uid=f"{entry.uid}@tatabbu",
            date=entry.date,
            summary=f"{entry.kind_label}: {entry.title}"
            + (f" ({estimated})" if entry.estimated else ""),
            description=entry.detail,
            url=request.build_absolute_uri(entry.url),
            categories=entry.body,
        )
        for entry in selectors.calendar_entries(user=user, start=start)
    ]
    text = ical.calendar_text(events, name=_("Tatabbu deadlines"), stamp=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Reporting cycles -----------------------------------------------------------------------


@staff_only
def cycle_list(request: HttpRequest) -> HttpResponse:
    body = request.GET.get("body", "")
    cycles = list(selectors.cycle_list(user=request.user, body=body))
    today = timezone.localdate()
    rows = [{"cycle": cycle, "next": calendar.next_milestone(cycle, today)} for cycle in cycles]
    return render(
        request,
        "engagement/cycle_list.html",
        {
            "rows": rows,
            "body": body,
            "today": today,
            "can_manage": can_manage_engagement(request.user),
        },
    )


@staff_only
def cycle_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    return render(
        request,
        "engagement/cycle_detail.html",
        {
            "cycle": cycle,
            "milestones": calendar.cycle_milestones(cycle),
            "can_manage": can_manage_engagement(request.user),
        },
    )


@managers_only
def cycle_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    cycle = selectors.cycle_get(user=request.user, uuid=uuid)
    initial = {"version": cycle.version, "institutions": list(cycle.institutions.all())}
    form = forms.CycleForm(request.POST or None, instance=cycle, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.reporting_cycle_update(
                    actor=request.user,
                    cycle=selectors.cycle_get(user=request.user, uuid=uuid),
                    version=form.cleaned_data["version"],
                    institutions=form.cleaned_data["institutions"],
                    **data,
                )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("The reporting cycle was saved."))
                return redirect(cycle.get_absolute_url())
        else:
            status = 400
    return render(
        request, "engagement/cycle_form.html", {"form": form, "cycle": cycle}, status=status
    )


# --- Individual communications --------------------------------------------------------------


@docket_users
def communication_list(request: HttpRequest) -> HttpResponse:
    committee = request.GET.get("committee", "")
    communications = list(selectors.communication_list(user=request.user, committee=committee))
    rows = [
        {"communication": item, "deadlines": selectors.communication_deadlines(item)}
        for item in communications
    ]
    return render(
        request,
        "engagement/communication_list.html",
        {
            "rows": rows,
            "committee": committee,
            "committees": services.COMMUNICATION_COMMITTEES,
            "can_manage": can_manage_engagement(request.user),
        },
    )


@signed_in
def communication_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    communication = selectors.communication_get(user=request.user, uuid=uuid)
    can_manage = can_manage_engagement(request.user)
    next_round = communication.follow_ups.count() + 1
    return render(
        request,
        "engagement/communication_detail.html",
        {
            "communication": communication,
            "deadlines": selectors.communication_deadlines(communication),
            "can_manage": can_manage,
            "follow_up_form": forms.FollowUpForm(initial={"round": next_round})
            if can_manage
            else None,
        },
    )


def _communication_form_data(form: forms.CommunicationForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.COMMUNICATION_FIELDS}


@managers_only
def communication_create(request: HttpRequest) -> HttpResponse:
    form = forms.CommunicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                communication = services.communication_create(
                    actor=request.user,
                    committee=form.cleaned_data["committee"],
                    institutions=form.cleaned_data["institutions"],
                    **_communication_form_data(form),
                )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("The communication was registered."))
                return redirect(communication.get_absolute_url())
        else:
            status = 400
    return render(request, "engagement/communication_form.html", {"form": form}, status=status)


@managers_only
def communication_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    communication = selectors.communication_get(user=request.user, uuid=uuid)
    initial = {
        "version": communication.version,
        "institutions": list(communication.institutions.all()),
    }
    form = forms.CommunicationForm(request.POST or None, instance=communication, initial=initial)
    form.fields["committee"].disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.communication_update(
                    actor=request.user,
                    communication=selectors.communication_get(user=request.user, uuid=uuid),
                    version=form.cleaned_data["version"] or 0,
                    institutions=form.cleaned_data["institutions"],
                    **_communication_form_data(form),
                )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("The communication was saved."))
                return redirect(communication.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "engagement/communication_form.html",
        {"form": form, "communication": communication},
        status=status,
    )


@require_POST
@managers_only
def communication_follow_up(request: HttpRequest, uuid: str) -> HttpResponse:
    communication = selectors.communication_get(user=request.user, uuid=uuid)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.FOLLOW_UP_FIELDS}
        try:
            services.communication_follow_up_record(
                actor=request.user,
                communication=communication,
                round=form.cleaned_data["round"],
                **data,
            )
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The follow-up round was recorded."))
            return redirect(communication.get_absolute_url())
    return render(
        request,
        "engagement/communication_detail.html",
        {
            "communication": communication,
            "deadlines": selectors.communication_deadlines(communication),
            "can_manage": True,
            "follow_up_form": form,
        },
        status=400,
    )


def feed_url(request: HttpRequest, feed: Any) -> str:
    return request.build_absolute_uri(
        reverse("engagement:calendar_feed", kwargs={"token": feed.token})
    )
