from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    FUNDED = "funded", _("Funded")
    DECLINED = "declined", _("Not funded")


class ReportKind(models.TextChoices):
    NARRATIVE = "narrative", _("Narrative report")
    FINANCIAL = "financial", _("Financial report")


class Currency(models.TextChoices):
    MAD = "MAD", _("Moroccan dirham (MAD)")
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")
