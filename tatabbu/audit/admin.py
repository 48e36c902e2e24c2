from django.contrib import admin

from tatabbu.core.admin import ReadOnlyAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "created_at", "actor_label", "action", "target_label", "request_id"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "request_id"]
