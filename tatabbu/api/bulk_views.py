"""Bulk downloads of published data: ``/api/v1/public/bulk/`` (the manifest) and
``/api/v1/public/bulk/<name>`` (a file). Anonymous, rate-limited like the rest of the API."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import bulk, tasks


def _refresh_if_stale() -> None:
    if bulk.is_stale():
        tasks.open_data_rebuild_soon()


class BulkManifestView(APIView):
    """The bulk files of all published data, with their size, SHA-256 and row count."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(
                "BulkManifest",
                {
                    "generated_at": serializers.DateTimeField(),
                    "files": inline_serializer(
                        "BulkFile",
                        {
                            "name": serializers.CharField(),
                            "url": serializers.URLField(),
                            "rows": serializers.IntegerField(),
                            "size": serializers.IntegerField(),
                            "sha256": serializers.CharField(),
                        },
                        many=True,
                    ),
                },
            ),
            503: OpenApiResponse(description="The files are being built."),
        }
    )
    def get(self, request: Any) -> Response:
        _refresh_if_stale()
        manifest = bulk.manifest()
        if manifest is None:
            return Response(
                {"code": "building", "message": "The files are being built.", "fields": {}},
                status=503,
                headers={"Retry-After": "60"},
            )
        for item in manifest["files"]:
            item["url"] = request.build_absolute_uri(f"/api/v1/public/bulk/{item['name']}")
        return Response(manifest)


@extend_schema(exclude=True)
class BulkFileView(APIView):
    """One bulk file (CSV or JSON)."""

    permission_classes = [AllowAny]

    def get(self, request: Any, name: str) -> FileResponse:
        if name not in bulk.file_names():
            raise Http404
        _refresh_if_stale()
        path = bulk.directory() / name
        try:
            handle = path.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        suffix = path.suffix
        response = FileResponse(
            handle, content_type=bulk.FILE_TYPES[suffix], as_attachment=True, filename=name
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "public, max-age=300"
        return response
