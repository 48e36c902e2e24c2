"""URL map. Portal at /<lang>/, signed-in pages at /<lang>/app/, the API at /api/v1/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page

from tatabbu.core.views import healthz, set_language
from tatabbu.portal.sitemaps import SITEMAPS

app_patterns = [
    path("", include("tatabbu.accounts.urls")),
    path("history/", include("tatabbu.audit.urls")),
    path("documents/", include("tatabbu.documents.urls")),
    path("calls/", include("tatabbu.calls.urls")),
    path("reference/", include("tatabbu.taxonomy.urls")),
    path("reference/mechanisms/", include("tatabbu.mechanisms.urls")),
    path("reference/institutions/", include("tatabbu.institutions.urls")),
    path("plans/", include("tatabbu.actionplan.urls")),
    path("followup/", include("tatabbu.followup.urls")),
    path("engagement/", include("tatabbu.engagement.urls")),
    path("reports/", include("tatabbu.reporting.urls")),
    path("recommendations/", include("tatabbu.recommendations.urls")),
    path("intelligence/", include("tatabbu.intelligence.urls")),
    path("portal/", include("tatabbu.portal.editor_urls")),
    path("api-tokens/", include("tatabbu.api.token_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("tatabbu.api.urls")),
    path("django-admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cache_page(settings.TATABBU_PORTAL_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(settings.TATABBU_PORTAL_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("app/", include(app_patterns)),
    path("", include("tatabbu.portal.urls")),
    prefix_default_language=True,
)

admin.site.site_header = settings.TATABBU_SITE_NAME
admin.site.site_title = settings.TATABBU_SITE_NAME

handler404 = "tatabbu.portal.views.not_found"
