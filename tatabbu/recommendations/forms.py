"""Forms of the cluster pages (HTML input validation only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Cluster


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
