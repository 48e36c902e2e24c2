"""HTML input validation for engagement with the UN mechanisms (the services decide and write)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tatabbu.institutions.models import Institution
from tatabbu.mechanisms.models import Mechanism

from .choices import DeadlineKind, QuestionnaireStatus
from .models import (
    COMMUNICATION_COMMITTEES,
    CommunicationFollowUp,
    CountryVisit,
    Event,
    IndividualCommunication,
    Participant,
    Questionnaire,
    ReportingCycle,
    ReportSection,
    SpecialProcedureCommunication,
    StateReport,
)
from .services import (
    COMMUNICATION_FIELDS,
    CYCLE_FIELDS,
    EVENT_FIELDS,
    FOLLOW_UP_FIELDS,
    QUESTIONNAIRE_FIELDS,
    SP_COMMUNICATION_FIELDS,
    VISIT_FIELDS,
)


class BootstrapMixin:
    """Bootstrap classes on every widget (templates stay free of per-field markup)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _dates_as_pickers(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput(attrs={"class": "form-control"})


def _institution_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Assigned institutions"),
        queryset=Institution.objects.order_by("name_fr"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class OneOfManySelect(forms.SelectMultiple):
    """A plain drop-down on the page; the API and links may still repeat ``kind``."""

    allow_multiple_selected = False


class CalendarFilterForm(BootstrapMixin, forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("Give the month as YYYY-MM, for example 2026-03.")},
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    body = forms.ChoiceField(label=_("Body"), required=False)
    kind = forms.MultipleChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *DeadlineKind.choices],
        widget=OneOfManySelect,
    )
    official_only = forms.BooleanField(label=_("Official dates only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = Mechanism.objects.filter(kind__in=["upr", "treaty_body"]).values_list(
            "code", flat=True
        )
        self.fields["body"].choices = [("", _("All bodies")), *((c, c) for c in codes)]

    def clean_kind(self) -> list[str]:
        return [kind for kind in self.cleaned_data.get("kind", []) if kind]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data

    def month_start(self, today: datetime.date) -> datetime.date:
        value = self.cleaned_data.get("month") if self.is_bound and self.is_valid() else ""
        if value:
            year, month = value.split("-")
            return datetime.date(int(year), int(month), 1)
        return today.replace(day=1)


class CycleForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    institutions = _institution_field()

    class Meta:
        model = ReportingCycle
        fields = [name for name in CYCLE_FIELDS if name not in {"notes", "source"}] + ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates_as_pickers(self)


class CommunicationForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    institutions = _institution_field()

    class Meta:
        model = IndividualCommunication
        fields = ["committee", *COMMUNICATION_FIELDS]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 3}),
            "interim_measures_detail": forms.Textarea(attrs={"rows": 2}),
            "remedy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Mechanism.objects.filter(
            code__in=COMMUNICATION_COMMITTEES
        ).order_by("code")
        _dates_as_pickers(self)

    def validate_unique(self) -> None:
        """The service checks the reference (it knows about the stored row being edited)."""


class FollowUpForm(BootstrapMixin, forms.ModelForm):
    round = forms.IntegerField(label=_("Round"), min_value=1, max_value=20)

    class Meta:
        model = CommunicationFollowUp
        fields = FOLLOW_UP_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "assessment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates_as_pickers(self)


def _mandates() -> Any:
    return Mechanism.objects.filter(kind="special_procedure").order_by("code")


class SpecialProcedureCommunicationForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    institutions = _institution_field()

    class Meta:
        model = SpecialProcedureCommunication
        fields = ["reference", "kind", "mandates", *SP_COMMUNICATION_FIELDS[2:]]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 3}),
            "reply_summary": forms.Textarea(attrs={"rows": 3}),
            "mandates": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mandates"].queryset = _mandates()
        _dates_as_pickers(self)

    def validate_unique(self) -> None:
        """The database refuses a duplicate reference; the service reports it."""


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))


class VisitForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    institutions = _institution_field()

    class Meta:
        model = CountryVisit
        fields = ["mandate", *VISIT_FIELDS]
        widgets = {
            "programme": forms.Textarea(attrs={"rows": 4}),
            "statement": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = _mandates()
        _dates_as_pickers(self)


class VisitImportForm(UploadForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"), ("uhri", "UHRI")],
    )


class QuestionnaireForm(BootstrapMixin, forms.ModelForm):
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions asked"),
        queryset=Institution.objects.order_by("name_fr"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Questionnaire
        fields = ["mechanism", *QUESTIONNAIRE_FIELDS]
        widgets = {"questions": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mechanism"].queryset = Mechanism.objects.exclude(kind="upr").order_by("code")
        _dates_as_pickers(self)


class AnswerForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)


class ConsolidateForm(BootstrapMixin, forms.Form):
    consolidated_answer = forms.CharField(
        label=_("Consolidated answer"), widget=forms.Textarea(attrs={"rows": 12})
    )
    status = forms.ChoiceField(label=_("Status"), choices=QuestionnaireStatus.choices)
    sent_on = forms.DateField(label=_("Answer sent on"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class EventForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    recommendation_keys = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One per line, as document symbol#paragraph, e.g. A/HRC/36/6#144.10."),
    )

    class Meta:
        model = Event
        fields = [*EVENT_FIELDS, "projects", "reporting_cycles"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
            "reporting_cycles": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = self.fields["projects"].queryset.select_related("plan")
        self.fields["reporting_cycles"].queryset = ReportingCycle.objects.select_related("body")
        self.fields["parent"].queryset = Event.objects.filter(kind="hrc_session")
        if self.instance.pk and not self.is_bound:
            self.initial["recommendation_keys"] = "\n".join(
                self.instance.recommendations.values_list("natural_key", flat=True)
            )
        _dates_as_pickers(self)

    def clean_recommendation_keys(self) -> list[Any]:
        from tatabbu.recommendations.models import Recommendation

        keys = [line.strip() for line in self.cleaned_data["recommendation_keys"].splitlines()]
        keys = list(dict.fromkeys(key for key in keys if key))
        found = {r.natural_key: r for r in Recommendation.objects.filter(natural_key__in=keys)}
        unknown = [key for key in keys if key not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown recommendations: %(keys)s.") % {"keys": ", ".join(unknown[:10])}
            )
        return [found[key] for key in keys]

    def validate_unique(self) -> None:
        """The database refuses a duplicate key; the service reports it."""


class ParticipantForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "function", "institution", "in_delegation"]


class StateReportForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = StateReport
        fields = ["cycle", "title", "language", "symbol"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = ReportingCycle.objects.select_related("body").exclude(
            status="reviewed"
        )


class SectionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "articles", "loi_questions", "co_paragraphs"]


class SectionTextForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("Consolidated text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContributionRequestForm(BootstrapMixin, forms.Form):
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"),
        queryset=Institution.objects.order_by("name_fr"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    instructions = forms.CharField(
        label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContributionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Contribution"), widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(widget=forms.HiddenInput)
