from rest_framework import viewsets

from tatabbu.calls import selectors

from .serializers import ApplicationSerializer, CallSerializer


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Calls for projects: published calls for every signed-in user, drafts for the DIDH."""

    serializer_class = CallSerializer
    lookup_field = "uuid"
    filterset_fields = ["status", "currency"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            selectors.call_list(user=self.request.user)
            .prefetch_related("criteria", "required_documents")
            .order_by("-opens_at", "pk")
        )


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Applications, scoped like the screens: an association sees its own, the DIDH submitted
    ones, a reviewer eligible ones without a declared conflict of interest."""

    serializer_class = ApplicationSerializer
    lookup_field = "uuid"
    filterset_fields = ["status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            selectors.application_list(user=self.request.user)
            .prefetch_related("budget_lines", "attachments__document")
            .order_by("-created_at", "pk")
        )
