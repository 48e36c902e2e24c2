"""HTML input validation for action plans (services do the writes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.institutions.models import Institution

from .choices import ProjectStatus, RiskLevel
from .models import PERCENT_VALIDATORS, Indicator, Project, ProjectUpdate

_MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal(0), "required": False}


class _Styled:
    """Bootstrap classes on every widget."""

    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class ProjectUpdateForm(_Styled, forms.Form):
    """A progress update, with one field per indicator of the project."""

    as_of = forms.DateField(
        label=_("Situation as of"), widget=forms.DateInput(attrs={"type": "date"})
    )
    progress_percent = forms.DecimalField(
        label=_("Progress (%)"),
        max_digits=5,
        decimal_places=1,
        validators=PERCENT_VALIDATORS,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "100"}),
    )
    project_status = forms.ChoiceField(label=_("Project status"), choices=ProjectStatus.choices)
    budget_committed = forms.DecimalField(label=_("Committed budget"), **_MONEY)
    budget_spent = forms.DecimalField(label=_("Spent budget"), **_MONEY)
    narrative_ar = forms.CharField(
        label=_("Narrative (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
    )
    narrative_fr = forms.CharField(
        label=_("Narrative (French)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "fr"}),
    )
    narrative_en = forms.CharField(
        label=_("Narrative (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators: list[Indicator] = list(project.indicators.all())
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=str(indicator.title),
                max_digits=16,
                decimal_places=2,
                required=False,
                help_text=indicator.unit,
            )
        self.fields["as_of"].initial = timezone.localdate()
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"narrative_{code}") for code in ("ar", "fr", "en")):
            raise forms.ValidationError(
                _("Describe the progress in at least one language."), code="narrative_required"
            )
        return data

    def values(self) -> dict[str, Any]:
        names = (
            "as_of",
            "progress_percent",
            "project_status",
            "budget_committed",
            "budget_spent",
            "narrative_ar",
            "narrative_fr",
            "narrative_en",
        )
        return {name: self.cleaned_data[name] for name in names}

    def indicator_values(self) -> dict[int, tuple[Decimal, str]]:
        return {
            indicator.pk: (self.cleaned_data[f"indicator_{indicator.pk}"], "")
            for indicator in self.indicators
            if self.cleaned_data.get(f"indicator_{indicator.pk}") is not None
        }

    @classmethod
    def initial_for(cls, update: ProjectUpdate) -> dict[str, Any]:
        initial = {
            name: getattr(update, name)
            for name in (
                "as_of",
                "progress_percent",
                "project_status",
                "budget_committed",
                "budget_spent",
                "narrative_ar",
                "narrative_fr",
                "narrative_en",
                "version",
            )
        }
        for value in update.indicator_values.all():
            initial[f"indicator_{value.indicator_id}"] = value.value
        return initial


class ReturnForm(_Styled, forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning it"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class ProjectPlanForm(_Styled, forms.Form):
    """Planning data of a project (coordinators)."""

    planned_start = forms.DateField(
        label=_("Planned start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_end = forms.DateField(
        label=_("Planned end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_planned = forms.DecimalField(label=_("Planned budget"), **_MONEY)
    currency = forms.RegexField(
        label=_("Currency"), regex=r"^[A-Z]{3}$", max_length=3, help_text=_("e.g. MAD, EUR, USD")
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=Institution.objects.filter(is_active=True).order_by("name_fr"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The planned end comes before the planned start."), code="period_order"
            )
        return data

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in (
                "planned_start",
                "planned_end",
                "budget_planned",
                "currency",
                "responsible_unit",
            )
        }


class MilestoneDoneForm(forms.Form):
    done_date = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))


def _one_language_required(form: forms.Form, prefix: str) -> None:
    data = form.cleaned_data
    if not any((data.get(f"{prefix}_{code}") or "").strip() for code in ("ar", "fr", "en")):
        raise forms.ValidationError(
            _("Write it in at least one language."), code="no_language_version"
        )


class MilestoneForm(_Styled, forms.Form):
    """A new milestone of a project (coordinators)."""

    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=500, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=500, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_ar"].widget.attrs.update(lang="ar", dir="rtl")
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _one_language_required(self, "title")
        return data


class RiskForm(_Styled, forms.Form):
    """A risk of a project, with what is done about it (unit heads and coordinators)."""

    title_ar = forms.CharField(label=_("Risk (Arabic)"), max_length=500, required=False)
    title_fr = forms.CharField(label=_("Risk (French)"), max_length=500, required=False)
    title_en = forms.CharField(label=_("Risk (English)"), max_length=500, required=False)
    likelihood = forms.ChoiceField(label=_("Likelihood"), choices=RiskLevel.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=RiskLevel.choices)
    mitigation_ar = forms.CharField(
        label=_("Mitigation (Arabic)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    mitigation_fr = forms.CharField(
        label=_("Mitigation (French)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    mitigation_en = forms.CharField(
        label=_("Mitigation (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title_ar", "mitigation_ar"):
            self.fields[name].widget.attrs.update(lang="ar", dir="rtl")
        self.initial.setdefault("likelihood", RiskLevel.MEDIUM)
        self.initial.setdefault("impact", RiskLevel.MEDIUM)
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _one_language_required(self, "title")
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class ProjectLinkForm(_Styled, forms.Form):
    """The address of a document of the project published elsewhere."""

    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "—"), *settings.LANGUAGES]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class ProjectRecommendationsForm(_Styled, forms.Form):
    """The recommendations a project implements, one reference per line: the address of the
    recommendation's page (or its identifier), or the document symbol and paragraph as shown in
    lists, e.g. ``A/HRC/21/3 §129.1``."""

    references = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr"}),
        help_text=_(
            "One per line: the address of the recommendation's page, or the document symbol and "
            "paragraph, e.g. A/HRC/21/3 §129.1. Leave empty to remove every link."
        ),
    )

    def __init__(self, *args: Any, resolve: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolve = resolve
        self.style()

    def clean_references(self) -> list[int]:
        lines = [line.strip() for line in self.cleaned_data["references"].splitlines()]
        ids: list[int] = []
        errors: list[forms.ValidationError] = []
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            found = self._resolve(line)
            if found is None:
                errors.append(
                    forms.ValidationError(
                        _("Line %(number)s: no recommendation you can see matches “%(line)s”."),
                        code="unknown_recommendation",
                        params={"number": number, "line": line[:120]},
                    )
                )
            elif found not in ids:
                ids.append(found)
        if errors:
            raise forms.ValidationError(errors)
        return ids
