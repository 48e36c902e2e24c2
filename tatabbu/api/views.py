from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView


@extend_schema(exclude=True)
class ApiRootView(APIRootView):
    """The list of endpoints of the Tatabbu API, version 1."""

    permission_classes = [AllowAny]
