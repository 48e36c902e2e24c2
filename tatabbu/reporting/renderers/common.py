"""Formatting shared by the renderers: values shown as text in the active language."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format

from tatabbu.core.text import strip_bidi_controls

from ..document import Text, Value

EMPTY = "—"
# Characters XML 1.0 cannot hold (DOCX, XLSX): C0 controls but tab, newline and carriage return.
_XML_INVALID = {code: None for code in range(32) if code not in (9, 10, 13)}


def clean(text: str) -> str:
    """Text safe for every format: no XML-invalid control characters, no bidi overrides."""
    return strip_bidi_controls(text.translate(_XML_INVALID))


def as_text(value: Value, kind: str = "text") -> str:
    """``value`` as the active language writes it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Text):
        return clean(value.value)
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        if kind == "percent":
            return f"{number_format(value, 1)} %"
        if kind == "money":
            return number_format(value, 2, force_grouping=True)
        return number_format(value, force_grouping=True)
    return clean(str(value))


def language_of(value: Value, default: str) -> str:
    return value.language if isinstance(value, Text) else default
