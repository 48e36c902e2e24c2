"""The UN human-rights mechanisms and the treaties they monitor."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tatabbu.core.models import TimeStampedModel, TranslatedField

from .choices import DatePrecision, MechanismKind, TreatyKind, TreatyStatus


class Mechanism(TimeStampedModel):
    """A body that addresses recommendations to the State: the UPR, a treaty body, or a
    special-procedure mandate."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=MechanismKind.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=400)
    name_fr = models.CharField(_("name (French)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400)
    uhri_label = models.CharField(
        _("UHRI label"), max_length=120, blank=True, help_text=_("Name used in UHRI exports.")
    )
    source = models.TextField(_("source"), blank=True)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.code


class Treaty(TimeStampedModel):
    """A core human-rights treaty or optional protocol, with the State's ratification."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=TreatyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("treaty"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
    )
    body = models.ForeignKey(
        Mechanism,
        verbose_name=_("monitoring body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="treaties",
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=400)
    name_fr = models.CharField(_("name (French)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400)
    adopted_year = models.PositiveSmallIntegerField(_("adopted"), null=True, blank=True)
    state_status = models.CharField(
        _("status for the State"), max_length=20, choices=TreatyStatus.choices
    )
    state_date = models.DateField(_("date of ratification or accession"), null=True, blank=True)
    state_date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    initial_report_years = models.PositiveSmallIntegerField(
        _("initial report due after (years)"), null=True, blank=True
    )
    periodic_report_years = models.PositiveSmallIntegerField(
        _("periodic reports every (years)"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.TextField(_("source"), blank=True)

    name = TranslatedField("name")

    class Meta:
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_state_party(self) -> bool:
        return self.state_status in {TreatyStatus.RATIFIED, TreatyStatus.ACCEDED}
