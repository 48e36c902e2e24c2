from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from tatabbu.institutions import selectors

from .serializers import InstitutionSerializer


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Institutions (reference data, public)."""

    serializer_class = InstitutionSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_fields = ["kind"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.institution_list(user=self.request.user)
