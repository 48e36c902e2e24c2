"""The filters of recommendation lists, shared by the HTML list, the exports and the API.

Every filter is a URL parameter, so a link reproduces the view. Values within one parameter are
OR-ed (``?body=CAT&body=CCPR``), parameters are AND-ed. Values name things by their public keys
(mechanism code, ISO country code, slug, SDG number, cluster uuid); an unknown value matches
nothing. Many-to-many filters use ``IN (subquery)`` so no row is duplicated and no DISTINCT is
needed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from tatabbu.mechanisms.choices import MechanismKind
from tatabbu.mechanisms.models import Mechanism
from tatabbu.taxonomy.models import Country

from . import search
from .choices import ImplementationStatus, Position, SortOrder
from .models import Cluster, Recommendation, RecurrenceLink, SourceDocument

MAX_VALUES = 50
_KEY = re.compile(r"^[\w.:-]{1,80}$")


class ValuesField(forms.MultipleChoiceField):
    """Several keys from the query string, checked for shape only (lookups decide the rest)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("choices", None)
        kwargs.pop("null_label", None)
        kwargs.pop("null_value", None)
        super().__init__(*args, **kwargs)

    def valid_value(self, value: str) -> bool:
        return bool(_KEY.match(value))

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_VALUES:
            raise ValidationError(
                _("At most %(count)d values per filter."),
                code="too_many_values",
                params={"count": MAX_VALUES},
            )


@extend_schema_field({"type": "string", "pattern": r"^[\w.:-]{1,80}$"})
class ValuesFilter(django_filters.MultipleChoiceFilter):
    """OR of several keys; ``predicate(values)`` turns them into one ``Q`` (no DISTINCT)."""

    field_class = ValuesField

    def __init__(self, *, predicate: Callable[[list[str]], Q], **kwargs: Any) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(**kwargs)
        self.predicate = predicate

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        return qs.filter(self.predicate(sorted(set(value))))


def _through(field: str, related: str, lookup: str) -> Callable[[list[str]], Q]:
    """Recommendations linked through the many-to-many ``field`` to a ``related`` object whose
    ``lookup`` is one of the values."""

    def predicate(values: list[str]) -> Q:
        through = Recommendation._meta.get_field(field).remote_field.through
        linked = through.objects.filter(**{f"{related}__{lookup}__in": values})
        return Q(pk__in=linked.values("recommendation_id"))

    return predicate


def _integers(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 10]


def _cluster(values: list[str]) -> Q:
    uuids = [value for value in values if re.fullmatch(r"[0-9a-fA-F-]{32,36}", value)]
    return Q(cluster__in=Cluster.objects.filter(uuid__in=uuids).values("pk"))


# The assignments issue registers here how to filter by institution; until then the
# ``institution`` filter and facet are not offered (see facets.py).
INSTITUTION_PREDICATE: list[Callable[[list[str]], Q]] = []


def _institution(values: list[str]) -> Q:
    if not INSTITUTION_PREDICATE:
        return Q()
    return INSTITUTION_PREDICATE[0](values)


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``); anything else is refused instead of being read as
    "no filter" (the API's schema says boolean)."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value: Any) -> None:
        return None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
        "[0-9a-fA-F]{12})?$",
        "description": "A uuid; empty means no filter.",
    }
)
class OptionalUUIDFilter(django_filters.UUIDFilter):
    """A uuid, or empty for no filter (as HTML forms send it)."""


class YearFilter(django_filters.NumberFilter):
    """A whole year (the schema says integer; ``2017.5`` is refused)."""

    field_class = forms.IntegerField


class RecommendationFilterSet(django_filters.FilterSet):
    """Filters of a recommendation list; ``sort`` is read by the selectors, not applied here."""

    q = django_filters.CharFilter(
        method="filter_text", label=_("Search"), max_length=300, strip=False
    )
    kind = ValuesFilter(
        label=_("Mechanism"),
        predicate=lambda values: Q(
            mechanism__in=Mechanism.objects.filter(kind__in=values).values("pk")
        ),
    )
    body = ValuesFilter(
        label=_("Body or mandate"),
        predicate=lambda values: Q(
            mechanism__in=Mechanism.objects.filter(code__in=values).values("pk")
        ),
    )
    state = ValuesFilter(
        label=_("State under review"),
        predicate=lambda values: Q(state__in=Country.objects.filter(code__in=values).values("pk")),
    )
    cycle = ValuesFilter(label=_("UPR cycle"), predicate=lambda v: Q(cycle__in=_integers(v)))
    session = ValuesFilter(label=_("Session"), predicate=lambda values: Q(session__in=values))
    year_from = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_to = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))
    position = ValuesFilter(
        label=_("Position of the State"), predicate=lambda values: Q(position__in=values)
    )
    status = ValuesFilter(
        label=_("Implementation status"),
        predicate=lambda values: Q(implementation_status__in=values),
    )
    theme = ValuesFilter(label=_("Theme"), predicate=_through("themes", "theme", "slug"))
    group = ValuesFilter(
        label=_("Group of persons"), predicate=_through("groups", "persongroup", "slug")
    )
    sdg = ValuesFilter(
        label=_("Sustainable Development Goal"),
        predicate=lambda values: _through("sdg_goals", "sdggoal", "number")(_integers(values)),
    )
    recommending_state = ValuesFilter(
        label=_("Recommending State"),
        predicate=_through("recommending_states", "country", "code"),
    )
    cluster = ValuesFilter(label=_("Cluster"), predicate=_cluster)
    institution = ValuesFilter(label=_("Institution"), predicate=_institution)
    recurring = StrictBooleanFilter(method="filter_recurring", label=_("Recurring"))
    document = OptionalUUIDFilter(method="filter_document", label=_("Source document"))
    language = ValuesFilter(label=_("Language"), predicate=lambda values: _languages(values))
    sort = django_filters.ChoiceFilter(
        choices=SortOrder.choices, method="keep", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The text match is applied by the selectors (search.match), which bound its cost.
        return queryset

    def keep(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_recurring(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        has_earlier = Exists(RecurrenceLink.objects.filter(recommendation=OuterRef("pk")))
        return queryset.filter(has_earlier if value else ~has_earlier)

    def filter_document(self, queryset: QuerySet, name: str, value: uuid.UUID) -> QuerySet:
        return queryset.filter(document__in=SourceDocument.objects.filter(uuid=value).values("pk"))

    @cached_property
    def query(self) -> search.ParsedQuery:
        """The parsed text query (empty when there is none or the form is invalid), its prefix
        expanded to words on PostgreSQL (one query, once per FilterSet)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return search.expand_prefix(search.parse_query(data.get("q") or ""))

    @property
    def sort_order(self) -> str:
        data = self.form.cleaned_data if self.is_valid() else {}
        value = data.get("sort") or ""
        if value == SortOrder.RELEVANCE and not self.query:
            return SortOrder.NEWEST
        return value or (SortOrder.RELEVANCE if self.query else SortOrder.NEWEST)


def _languages(values: list[str]) -> Q:
    condition = Q()
    for code in ("ar", "fr", "en"):
        if code in values:
            condition |= ~Q(**{f"text_{code}": ""})
    return condition if condition else Q(pk__in=[])


KIND_VALUES = [kind.value for kind in MechanismKind]
POSITION_VALUES = [position.value for position in Position]
STATUS_VALUES = [status.value for status in ImplementationStatus]
