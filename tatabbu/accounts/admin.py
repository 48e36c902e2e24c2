from django.contrib import admin
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import TokenProxy

from tatabbu.core.admin import ReadOnlyAdmin

from .models import User

# Roles and institutions, not Django groups, decide permissions; tokens are managed by their users.
admin.site.unregister(Group)
admin.site.unregister(TokenProxy)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "role", "institution", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    exclude = ["password"]
