"""UN document symbols: validation against the patterns of REFERENCE.md §1.4.

The country code is any three capital letters (REFERENCE.md gives MAR's examples); pre-2007
symbols that fit no pattern go in the document's free-text legacy symbol instead.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SYMBOL_PATTERNS = [
    # Treaty-body State reports, lists of issues, replies, LOIPR, concluding observations
    r"(CCPR|CERD|CEDAW|CAT|CRC|CMW|CRPD|CED)/C/(OPAC/|OPSC/)?[A-Z]{3}/((CO|Q|RQ|QPR)/)?\d+(-\d+)?(/Add\.\d+)?",
    r"E/C\.12/[A-Z]{3}/((CO|Q|RQ|QPR)/)?\d+(-\d+)?(/Add\.\d+)?",
    # UPR national report, UN compilation, stakeholders' summary
    r"A/HRC/WG\.6/\d+/[A-Z]{3}/[123]",
    # UPR Working Group reports, addenda, special-procedure reports
    r"A/HRC/\d+/\d+(/Add\.\d+)?",
    # Common core document
    r"HRI/CORE/[A-Z]{3}/\d{4}",
    # Views on individual communications, e.g. CCPR/C/130/D/3052/2017
    r"(CCPR|CERD|CEDAW|CAT|CRC|CRPD|CED|E/C\.12)/C/\d+/D/\d+/\d{4}",
]
_COMPILED = [re.compile(rf"^{pattern}$") for pattern in SYMBOL_PATTERNS]


def is_valid_symbol(symbol: str) -> bool:
    return any(pattern.match(symbol) for pattern in _COMPILED)


def validate_symbol(symbol: str) -> None:
    if symbol and not is_valid_symbol(symbol):
        raise ValidationError(
            _("“%(symbol)s” is not a UN document symbol (e.g. CCPR/C/MAR/CO/6, A/HRC/36/6)."),
            code="invalid_symbol",
            params={"symbol": symbol},
        )
