from django.contrib import admin

from tatabbu.core.admin import ReadOnlyAdmin

from .models import Country, PersonGroup, SdgGoal, SdgTarget, Theme

admin.site.register(Theme, ReadOnlyAdmin)
admin.site.register(PersonGroup, ReadOnlyAdmin)
admin.site.register(SdgGoal, ReadOnlyAdmin)
admin.site.register(SdgTarget, ReadOnlyAdmin)
admin.site.register(Country, ReadOnlyAdmin)
