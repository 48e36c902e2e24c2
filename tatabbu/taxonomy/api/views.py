from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from tatabbu.taxonomy import selectors

from .serializers import (
    CountrySerializer,
    PersonGroupSerializer,
    SdgGoalSerializer,
    SdgTargetSerializer,
    ThemeSerializer,
)


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """UHRI human-rights themes (reference data, public)."""

    serializer_class = ThemeSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.theme_list(user=self.request.user)


class PersonGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """UHRI groups of persons (reference data, public)."""

    serializer_class = PersonGroupSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.person_group_list(user=self.request.user)


class SdgGoalViewSet(viewsets.ReadOnlyModelViewSet):
    """The 17 Sustainable Development Goals (public)."""

    serializer_class = SdgGoalSerializer
    permission_classes = [AllowAny]
    lookup_field = "number"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.sdg_goal_list(user=self.request.user)


class SdgTargetViewSet(viewsets.ReadOnlyModelViewSet):
    """The 169 SDG targets (public)."""

    serializer_class = SdgTargetSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = r"[0-9]+\.[0-9a-z]+"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.sdg_target_list(user=self.request.user)


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """UN Member and observer States with their names in Arabic, French and English (public)."""

    serializer_class = CountrySerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[A-Z]{3}"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.country_list(user=self.request.user)
