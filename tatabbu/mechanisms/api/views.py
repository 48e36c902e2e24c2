from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from tatabbu.mechanisms import selectors

from .serializers import MechanismSerializer, TreatySerializer


class MechanismViewSet(viewsets.ReadOnlyModelViewSet):
    """UN mechanisms: the UPR, treaty bodies and special procedures (reference data, public)."""

    serializer_class = MechanismSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filterset_fields = ["kind"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.mechanism_list(user=self.request.user)


class TreatyViewSet(viewsets.ReadOnlyModelViewSet):
    """Treaties and optional protocols with the State's ratification (reference data, public)."""

    serializer_class = TreatySerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filterset_fields = ["kind", "state_status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.treaty_list(user=self.request.user)
