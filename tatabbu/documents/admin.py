from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents enter and leave only through the services (audited)."""

    list_display = ["original_name", "kind", "size", "purpose", "uploaded_by", "created_at"]
    list_filter = ["kind", "purpose"]
    search_fields = ["original_name", "sha256"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
