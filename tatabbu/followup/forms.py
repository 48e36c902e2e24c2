"""HTML input validation for the follow-up (services do the writes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tatabbu.institutions.models import Institution
from tatabbu.recommendations.choices import ImplementationStatus
from tatabbu.recommendations.models import Recommendation

from .choices import ActionStatus, IndicatorKind
from .models import Action, ProgressUpdate

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Styled:
    """Bootstrap classes on every widget; per-language text fields marked with lang/dir."""

    def style(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            for language in ("ar", "fr", "en"):
                if name.endswith(f"_{language}"):
                    widget.attrs.update(
                        {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
                    )


def _institutions() -> Any:
    return Institution.objects.filter(is_active=True).order_by("name_fr")


class AssignmentForm(_Styled, forms.Form):
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=Institution.objects.none(), to_field_name="slug"
    )
    contributing_institutions = forms.ModelMultipleChoiceField(
        label=_("Contributing institutions"),
        queryset=Institution.objects.none(),
        required=False,
        to_field_name="slug",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=_DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_institution"].queryset = _institutions()
        self.fields["contributing_institutions"].queryset = _institutions()
        self.style()


class BulkAssignmentForm(AssignmentForm):
    expected_count = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(_Styled, forms.Form):
    description_ar = forms.CharField(
        label=_("Description (Arabic)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=_DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=_DATE)
    budget = forms.DecimalField(
        label=_("Budget (MAD)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    recommendations = forms.ModelMultipleChoiceField(
        label=_("Recommendations"),
        queryset=Recommendation.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("The action may serve several of your recommendations."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, recommendations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recommendations is not None:
            self.fields["recommendations"].queryset = recommendations
        else:
            del self.fields["recommendations"]
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"description_{code}") for code in ("ar", "fr", "en")):
            raise forms.ValidationError(
                _("Describe the action in at least one language."), code="description_required"
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name] for name in self.fields if name not in {"version", "recommendations"}
        }

    def linked(self) -> list[Any]:
        """The recommendations chosen (none when the form does not offer the choice)."""
        return list(self.cleaned_data.get("recommendations") or [])

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        return {
            "recommendations": [item.uuid for item in action.recommendations.all()],
            **{
                name: getattr(action, name)
                for name in (
                    "description_ar",
                    "description_fr",
                    "description_en",
                    "start_date",
                    "end_date",
                    "budget",
                    "status",
                )
            },
            "version": action.version,
        }


class IndicatorForm(_Styled, forms.Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), required=False, max_length=300)
    name_fr = forms.CharField(label=_("Name (French)"), required=False, max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=50)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=16, decimal_places=2, required=False
    )
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"name_{code}") for code in ("ar", "fr", "en")):
            raise forms.ValidationError(
                _("Name the indicator in at least one language."), code="name_required"
            )
        return data


class IndicatorValueForm(_Styled, forms.Form):
    date = forms.DateField(label=_("Date"), widget=_DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (each checked by the documents app when stored)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressUpdateForm(_Styled, forms.Form):
    text = forms.CharField(
        label=_("Progress made"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        max_length=20000,
    )
    assessed_status = forms.ChoiceField(
        label=_("Status assessment"),
        choices=ImplementationStatus.choices,
        initial=ImplementationStatus.IN_PROGRESS,
    )
    action = forms.ModelChoiceField(
        label=_("Action"),
        queryset=Action.objects.none(),
        required=False,
        to_field_name="uuid",
    )
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPEG; several files may be chosen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, actions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].queryset = actions
        self.style()

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "assessed_status": data["assessed_status"],
            "action": data.get("action"),
        }

    @staticmethod
    def initial_for(update: ProgressUpdate) -> dict[str, Any]:
        return {
            "text": update.text,
            "assessed_status": update.assessed_status,
            "action": update.action.uuid if update.action_id else None,
            "version": update.version,
        }


class ReturnForm(_Styled, forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning it"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class StatusOverrideForm(_Styled, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Derived from validated updates")), *ImplementationStatus.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
