from django.contrib import admin

from tatabbu.core.admin import ReadOnlyAdmin

from .models import Institution

admin.site.register(Institution, ReadOnlyAdmin)
