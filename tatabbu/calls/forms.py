"""HTML input validation for calls for projects (the services decide and write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tatabbu.taxonomy.models import Theme

from .choices import Currency, ReportKind
from .models import Call, RequiredDocument

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class BootstrapMixin:
    """Bootstrap classes on every widget (templates stay free of per-field markup)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            language = name.rsplit("_", 1)[-1] if "_" in name else ""
            if language in {"ar", "fr", "en"}:
                # Per-language fields are typed in their own direction whatever the page's.
                widget.attrs.update({"lang": language, "dir": "rtl" if language == "ar" else "ltr"})
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class CallForm(BootstrapMixin, forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=40)
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=300, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description_ar = forms.CharField(
        label=_("Description (Arabic)"), widget=_textarea(), required=False
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), widget=_textarea(), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=_textarea(), required=False
    )
    eligibility_ar = forms.CharField(
        label=_("Eligibility criteria (Arabic)"), widget=_textarea(), required=False
    )
    eligibility_fr = forms.CharField(
        label=_("Eligibility criteria (French)"), widget=_textarea(), required=False
    )
    eligibility_en = forms.CharField(
        label=_("Eligibility criteria (English)"), widget=_textarea(), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("label_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    budget_envelope = forms.DecimalField(
        label=_("Budget envelope"), min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=DateTimeLocalInput(), input_formats=[DATETIME_FORMAT]
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=DateTimeLocalInput(), input_formats=[DATETIME_FORMAT]
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        if not (data.get("title_ar") or data.get("title_fr") or data.get("title_en")):
            self.add_error("title_ar", _("Give a title in at least one language."))
        return data


class CriterionForm(BootstrapMixin, forms.Form):
    label_ar = forms.CharField(label=_("Criterion (Arabic)"), max_length=300, required=False)
    label_fr = forms.CharField(label=_("Criterion (French)"), max_length=300, required=False)
    label_en = forms.CharField(label=_("Criterion (English)"), max_length=300, required=False)
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, max_digits=6, decimal_places=2)
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("label_ar") or data.get("label_fr") or data.get("label_en")):
            raise forms.ValidationError(_("Name the criterion in at least one language."))
        return data


class RequiredDocumentForm(BootstrapMixin, forms.Form):
    label_ar = forms.CharField(label=_("Document (Arabic)"), max_length=300, required=False)
    label_fr = forms.CharField(label=_("Document (French)"), max_length=300, required=False)
    label_en = forms.CharField(label=_("Document (English)"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("label_ar") or data.get("label_fr") or data.get("label_en")):
            raise forms.ValidationError(_("Name the document in at least one language."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=20)
RequiredDocumentFormSet = forms.formset_factory(RequiredDocumentForm, extra=2, max_num=20)


def formset_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The filled rows of a valid formset (empty extra rows and deleted rows skipped)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class AssociationRegisterForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name of the association"), max_length=300)
    registration_number = forms.CharField(
        label=_("Legal registration number"),
        max_length=80,
        help_text=_("The number of the final receipt (récépissé définitif) of the association."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Used to sign in; we send a link to confirm it.")
    )
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; a passphrase is best."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class ApplicationForm(BootstrapMixin, forms.Form):
    project_title = forms.CharField(label=_("Project title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=_textarea(4), required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=_textarea(4), required=False)
    beneficiaries = forms.CharField(label=_("Beneficiaries"), widget=_textarea(3), required=False)
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), min_value=1, max_value=60, required=False
    )
    language = forms.ChoiceField(label=_("Language of the application"), choices=settings.LANGUAGES)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BudgetLineForm(BootstrapMixin, forms.Form):
    label = forms.CharField(label=_("Item"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount requested"), min_value=0, max_digits=14, decimal_places=2
    )
    co_funding = forms.DecimalField(
        label=_("Co-funding"), min_value=0, max_digits=14, decimal_places=2, required=False
    )


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=2, max_num=50)


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPEG, at most 20 MB.")
    )
    required_document = forms.ModelChoiceField(
        label=_("Required document"), queryset=RequiredDocument.objects.none(), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=[("", "—"), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args: Any, call: Call | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["required_document"]
        if call is None:
            del self.fields["required_document"]
        else:
            field.queryset = call.required_documents.all()  # type: ignore[attr-defined]
            field.label_from_instance = lambda document: str(document.label)  # type: ignore[attr-defined]


class ScreeningForm(BootstrapMixin, forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligibility"),
        choices=[("1", _("Eligible")), ("0", _("Not eligible"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=_textarea(2),
        required=False,
        help_text=_("Required when the application is not eligible; sent to the association."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeclarationForm(BootstrapMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("0", _("I have no conflict of interest with this association or project")),
            ("1", _("I have a conflict of interest")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Describe the conflict"), widget=_textarea(2), required=False)


class ScoreForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Overall comment"), widget=_textarea(3), required=False)

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=str(criterion.label),
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("0 to %(max)s, weight %(weight)s")
                % {"max": criterion.max_score, "weight": criterion.weight},
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label},
                required=False,
                widget=_textarea(2),
            )
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            criterion.pk: (
                self.cleaned_data[f"score_{criterion.pk}"],
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }


class DecisionForm(BootstrapMixin, forms.Form):
    fund = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Fund")), ("0", _("Do not fund"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Amount granted"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("Note"), widget=_textarea(2), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    period = forms.CharField(label=_("Period covered"), max_length=100, required=False)
    text = forms.CharField(label=_("Report"), widget=_textarea(8), required=False)
    amount_spent = forms.DecimalField(
        label=_("Amount spent"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("What should be changed"), widget=_textarea(3))
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
