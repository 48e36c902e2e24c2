"""The report kinds Tatabbu can produce (``action-plan``, and later ``upr-status``, ``treaty``…).

A kind is a :class:`ReportKind` registered with :func:`register`. Kinds are found at start-up in
two places, so a new kind needs no change to existing code:

- every module of the package ``tatabbu.reporting.kinds`` (e.g. ``kinds/action_plan.py``);
- a ``report_kinds`` module in any installed app (``tatabbu/<app>/report_kinds.py``), for apps
  of a higher layer than ``reporting``.

The ``make_report`` command, the report page, the background task and the download all go
through this registry: they never name a kind.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from .document import ReportDocument

FORMATS = ("docx", "pdf", "xlsx")


class ReportOptionError(ValueError):
    """An option value a kind refuses (unknown plan, year out of range…); the message is shown."""


@dataclass(frozen=True)
class ReportOption:
    """A parameter of a kind: ``--<name>`` on the command line, a field of the report form."""

    name: str
    label: Promise | str
    help: Promise | str = ""
    required: bool = False
    parse: Callable[[str], Any] = str
    choices: Callable[[Any], list[tuple[str, str]]] | None = None  # (user) → [(value, label)]


@dataclass(frozen=True)
class BuildContext:
    """What a kind's ``build`` receives: the language is active (translation.override)."""

    language: str
    options: dict[str, Any]
    user: Any
    today: datetime.date


@dataclass(frozen=True)
class ReportKind:
    """How to build one kind of report.

    ``build(context)`` returns the :class:`ReportDocument`; ``can_request(user, options)`` says
    whether the user may have it (``None`` is the command line, which may); ``size(options)``
    estimates its work (items) so that big reports go to the background worker.
    """

    code: str
    label: Promise | str
    description: Promise | str
    build: Callable[[BuildContext], ReportDocument]
    can_request: Callable[[Any, dict[str, Any]], bool]
    options: tuple[ReportOption, ...] = ()
    size: Callable[[dict[str, Any]], int] = field(default=lambda options: 0)
    formats: tuple[str, ...] = FORMATS

    def clean_options(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Parsed option values; :class:`ReportOptionError` on a missing or invalid one."""
        cleaned: dict[str, Any] = {}
        for option in self.options:
            value = raw.get(option.name)
            if value in (None, ""):
                if option.required:
                    raise ReportOptionError(f"{option.name}: required")
                continue
            try:
                cleaned[option.name] = option.parse(str(value))
            except (TypeError, ValueError) as error:
                raise ReportOptionError(f"{option.name}: {error}") from error
        return cleaned


_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    existing = _KINDS.get(kind.code)
    if existing is not None and existing is not kind:
        raise ValueError(f"Report kind {kind.code!r} is registered twice.")
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> ReportKind:
    try:
        return _KINDS[code]
    except KeyError as error:
        raise ReportOptionError(f"unknown report kind {code!r}") from error


def kinds() -> list[ReportKind]:
    return [_KINDS[code] for code in sorted(_KINDS)]


def autodiscover() -> None:
    from . import kinds as package

    for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        importlib.import_module(info.name)
    autodiscover_modules("report_kinds")
