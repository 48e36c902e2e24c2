"""Institutions: the ministries and national bodies that implement recommendations."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField

from .choices import InstitutionKind


class Institution(TimeStampedModel):
    """A ministry, national institution or other body. Focal points and validators belong to one;
    it is the main permission axis: they see only their institution's work."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=InstitutionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names under which imported data refers to it, one per line."),
    )
    source = models.TextField(_("source"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="institutions_institution_not_own_parent",
            )
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("institutions:institution_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.splitlines() if alias.strip()]
