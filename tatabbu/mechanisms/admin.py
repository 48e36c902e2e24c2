from django.contrib import admin

from tatabbu.core.admin import ReadOnlyAdmin

from .models import Mechanism, Treaty

admin.site.register(Mechanism, ReadOnlyAdmin)
admin.site.register(Treaty, ReadOnlyAdmin)
