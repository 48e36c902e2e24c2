"""Forms of the portal: the contact form (with its spam checks) and the editors' forms."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import Article, Publication

# A form sent sooner than this after it was shown was not filled in by a person.
MINIMUM_FILL_SECONDS = 3
# A form older than this has to be shown again (the signed time stamp expires).
MAXIMUM_FILL_SECONDS = 2 * 60 * 60
_SALT = "tatabbu.portal.contact"


def form_timestamp() -> str:
    """A signed time stamp put in the form when it is shown."""
    return signing.dumps(int(time.time()), salt=_SALT)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    # Honeypot: hidden from people (and from assistive technologies), filled in by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_timestamp()

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."), code="honeypot")
        return ""

    def clean_started(self) -> int:
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=_SALT, max_age=MAXIMUM_FILL_SECONDS
            )
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("This form has expired. Please send it again."), code="expired"
            ) from error
        if time.time() - int(started) < MINIMUM_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check it and send it again."),
                code="too_fast",
            )
        return int(started)


LANGUAGE_FIELDS = ("title", "summary", "body")


class ArticleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    image_file = forms.FileField(
        label=_("Image (PNG or JPEG)"), required=False, help_text=_("Shown with the text.")
    )

    class Meta:
        model = Article
        fields = [
            "slug",
            "title_ar",
            "title_fr",
            "title_en",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "body_ar",
            "body_fr",
            "body_en",
            "published_at",
        ]
        widgets = {
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "body_ar": forms.Textarea(attrs={"rows": 8, "dir": "rtl", "lang": "ar"}),
            "body_fr": forms.Textarea(attrs={"rows": 8, "dir": "ltr", "lang": "fr"}),
            "body_en": forms.Textarea(attrs={"rows": 8, "dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "summary_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "summary_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "summary_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"title_{code}") for code in ("ar", "fr", "en")):
            raise forms.ValidationError(
                _("Give a title in at least one language."), code="no_title"
            )
        return data


class PublicationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Publication
        fields = [
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "published_at",
        ]
        widgets = {
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "description_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "description_fr": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f"title_{code}") for code in ("ar", "fr", "en")):
            raise forms.ValidationError(
                _("Give a title in at least one language."), code="no_title"
            )
        return data


class PublicationCreateForm(PublicationForm):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX or ODT)"), required=False)
    report = forms.ChoiceField(
        label=_("Or a report generated by Tatabbu"), required=False, choices=[("", "—")]
    )
    language = forms.ChoiceField(
        label=_("Language of the file"),
        required=False,
        choices=[("", "—"), ("ar", "العربية"), ("fr", "Français"), ("en", "English")],
    )

    def __init__(self, *args: Any, reports: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reports = {str(report.uuid): report for report in reports}
        self.fields["report"].choices = [("", "—")] + [
            (str(report.uuid), f"{report.title or report.download_name} ({report.language})")
            for report in reports
        ]
        self.fields["report"].widget.attrs["class"] = "form-select"

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        report = self.reports.get(data.get("report") or "")
        if bool(data.get("file")) == bool(report):
            raise forms.ValidationError(
                _("Give either a file or a generated report."), code="file_or_report"
            )
        if report is not None and not any(data.get(f"title_{code}") for code in ("ar", "fr", "en")):
            # The report's own title, in its language.
            data[f"title_{report.language}"] = report.title or report.download_name
        return super().clean()
