"""HTML input validation for recommendations: the import upload form, cluster forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tatabbu.taxonomy.selectors import country_lookup_table

from .choices import ImportFormat
from .importers.validation import fold
from .models import Cluster
from .symbols import is_valid_symbol

# Extensions accepted per format, and whether the content must be a ZIP (XLSX) or text.
EXTENSIONS = {
    ImportFormat.UPR_INFO: {".csv"},
    ImportFormat.UHRI: {".csv", ".json", ".xlsx"},
    ImportFormat.UPR_REPORT: {".txt"},
    ImportFormat.DIDH: {".csv"},
    ImportFormat.CSV: {".csv"},
    ImportFormat.XLSX: {".xlsx"},
    ImportFormat.JSON: {".json"},
}


class ImportUploadForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ImportFormat.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.xlsx,.json,.txt"}
        ),
    )
    state = forms.CharField(
        label=_("State under review"),
        required=False,
        max_length=200,
        help_text=_("ISO code or name, where the file does not say (e.g. MAR)."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    symbol = forms.CharField(
        label=_("Document symbol"),
        required=False,
        max_length=120,
        help_text=_("Where the file does not say (e.g. A/HRC/36/6, CCPR/C/MAR/CO/6)."),
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "ltr"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): report what would be imported, write nothing"),
        required=False,
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the invalid ones"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.TATABBU_IMPORT_MAX_BYTES)
        self.fields["file"].help_text = _(
            "CSV, XLSX, JSON or plain text (UPR report), at most %(limit)s."
        ) % {"limit": limit}

    def clean_state(self) -> str:
        state = self.cleaned_data["state"].strip()
        table = country_lookup_table()
        if state and state not in table and fold(state) not in {fold(label) for label in table}:
            raise forms.ValidationError(_("Unknown State."), code="unknown_state")
        return state

    def clean_symbol(self) -> str:
        symbol = self.cleaned_data["symbol"].strip()
        if symbol and not is_valid_symbol(symbol):
            raise forms.ValidationError(
                _("Not a UN document symbol (e.g. CCPR/C/MAR/CO/6, A/HRC/36/6)."),
                code="invalid_symbol",
            )
        return symbol

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        format = data.get("format")
        if upload is None or not format:
            return data
        if upload.size > settings.TATABBU_IMPORT_MAX_BYTES:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("The file is %(size)s; the largest file accepted is %(limit)s.")
                    % {
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(settings.TATABBU_IMPORT_MAX_BYTES),
                    },
                    code="file_too_large",
                ),
            )
            return data
        extension = Path(upload.name).suffix.lower()
        allowed = EXTENSIONS[format]
        if extension not in allowed:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("This format takes %(extensions)s files.")
                    % {"extensions": ", ".join(sorted(allowed))},
                    code="wrong_type",
                ),
            )
            return data
        head = upload.read(8)
        upload.seek(0)
        is_zip = head.startswith(b"PK\x03\x04")
        if (extension == ".xlsx") != is_zip:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("The file's content does not match its type."), code="wrong_type"
                ),
            )
        return data


class ClusterForm(forms.Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=300, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].widget.attrs.update({"lang": "ar", "dir": "rtl"})
        self.fields["name_fr"].widget.attrs.update({"lang": "fr", "dir": "ltr"})
        self.fields["name_en"].widget.attrs.update({"lang": "en", "dir": "ltr"})
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in ("name_ar", "name_fr", "name_en")):
            raise forms.ValidationError(
                _("Give the cluster a name in at least one language."), code="name_required"
            )
        return data


class BulkClusterForm(forms.Form):
    ADD, REMOVE = "add", "remove"

    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), to_field_name="uuid"
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ADD, _("Add them to the cluster")),
            (REMOVE, _("Take them out of the cluster")),
        ],
        initial=ADD,
        widget=forms.RadioSelect,
    )
    expected_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        self.fields["cluster"].widget.attrs["class"] = "form-select"
