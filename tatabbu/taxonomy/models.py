"""Classification vocabularies: UHRI themes and groups of persons, SDG goals and targets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField


class LabelBase(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    source = models.TextField(_("source"), blank=True)

    label = TranslatedField("label")

    class Meta:
        abstract = True
        ordering = ["label_en"]

    def __str__(self) -> str:
        return str(self.label)


class Theme(LabelBase):
    """A human-rights theme of the UHRI vocabulary (e.g. "Right to health")."""

    class Meta(LabelBase.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class PersonGroup(LabelBase):
    """A group of affected persons of the UHRI vocabulary (e.g. "Women & girls")."""

    class Meta(LabelBase.Meta):
        verbose_name = _("group of persons")
        verbose_name_plural = _("groups of persons")


class SdgGoal(TimeStampedModel):
    """One of the 17 Sustainable Development Goals (A/RES/70/1)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_ar = models.CharField(_("short name (Arabic)"), max_length=200)
    short_fr = models.CharField(_("short name (French)"), max_length=200)
    short_en = models.CharField(_("short name (English)"), max_length=200)
    title_ar = models.TextField(_("title (Arabic)"))
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"))

    short = TranslatedField("short")
    title = TranslatedField("title")

    class Meta:
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short}"


class SdgTarget(TimeStampedModel):
    """One of the 169 SDG targets, e.g. 16.3 or 1.a."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    goal = models.ForeignKey(
        SdgGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title_ar = models.TextField(_("title (Arabic)"))
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"))

    title = TranslatedField("title")

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["goal__number", "position"]

    def __str__(self) -> str:
        return self.code


class Country(TimeStampedModel):
    """A State (UN member or observer): the State under review, or a recommending State."""

    code = models.CharField(_("ISO 3166 code"), max_length=3, unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other spellings found in imported data, one per line."),
    )

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("State")
        verbose_name_plural = _("States")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.splitlines() if alias.strip()]
