"""/api/v1/: the router of every app's endpoints, the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from tatabbu.actionplan.api.views import ActionPlanViewSet, ProjectViewSet, StrategicAxisViewSet
from tatabbu.calls.api.views import ApplicationViewSet, CallViewSet
from tatabbu.engagement.api.views import (
    CalendarViewSet,
    ContributionRequestViewSet,
    CountryVisitViewSet,
    EventViewSet,
    IndividualCommunicationViewSet,
    QuestionnaireAnswerViewSet,
    QuestionnaireViewSet,
    ReportingCycleViewSet,
    SpecialProcedureCommunicationViewSet,
    StateReportViewSet,
)
from tatabbu.followup.api.views import (
    ActionViewSet,
    AssignmentViewSet,
    IndicatorViewSet,
    ProgressUpdateViewSet,
)
from tatabbu.institutions.api.views import InstitutionViewSet
from tatabbu.mechanisms.api.views import MechanismViewSet, TreatyViewSet
from tatabbu.portal.api.editor_views import ArticleEditorViewSet
from tatabbu.portal.api.views import (
    PublicActionPlanViewSet,
    PublicCallViewSet,
    PublicNewsViewSet,
    PublicPageViewSet,
    PublicProjectViewSet,
    PublicPublicationViewSet,
    PublicRecommendationViewSet,
    PublicSourceDocumentViewSet,
)
from tatabbu.recommendations.api.views import (
    ClusterViewSet,
    RecommendationViewSet,
    SourceDocumentViewSet,
)
from tatabbu.taxonomy.api.views import (
    CountryViewSet,
    PersonGroupViewSet,
    SdgGoalViewSet,
    SdgTargetViewSet,
    ThemeViewSet,
)

from .bulk_views import BulkFileView, BulkManifestView
from .views import ApiRootView

app_name = "api"


class Router(DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False


router = Router(trailing_slash=True)
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("mechanisms", MechanismViewSet, basename="mechanism")
router.register("treaties", TreatyViewSet, basename="treaty")
router.register("themes", ThemeViewSet, basename="theme")
router.register("person-groups", PersonGroupViewSet, basename="person-group")
router.register("sdg-goals", SdgGoalViewSet, basename="sdg-goal")
router.register("sdg-targets", SdgTargetViewSet, basename="sdg-target")
router.register("countries", CountryViewSet, basename="country")
router.register("calls", CallViewSet, basename="call")
router.register("applications", ApplicationViewSet, basename="application")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("action-plan-axes", StrategicAxisViewSet, basename="action-plan-axis")
router.register("action-plan-projects", ProjectViewSet, basename="action-plan-project")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("documents", SourceDocumentViewSet, basename="document")
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("portal/articles", ArticleEditorViewSet, basename="portal-article")
# The public API: published data, anonymous read (tatabbu/portal/api/).
router.register(
    "public/recommendations", PublicRecommendationViewSet, basename="public-recommendation"
)
router.register("public/documents", PublicSourceDocumentViewSet, basename="public-document")
router.register("public/news", PublicNewsViewSet, basename="public-news")
router.register("public/pages", PublicPageViewSet, basename="public-page")
router.register("public/publications", PublicPublicationViewSet, basename="public-publication")
router.register("public/calls", PublicCallViewSet, basename="public-call")
router.register("public/action-plans", PublicActionPlanViewSet, basename="public-action-plan")
router.register(
    "public/action-plan-projects", PublicProjectViewSet, basename="public-action-plan-project"
)
router.register("engagement/cycles", ReportingCycleViewSet, basename="engagement-cycle")
router.register("engagement/calendar", CalendarViewSet, basename="engagement-calendar")
router.register(
    "engagement/communications", IndividualCommunicationViewSet, basename="engagement-communication"
)
router.register(
    "engagement/special-procedures",
    SpecialProcedureCommunicationViewSet,
    basename="engagement-sp-communication",
)
router.register("engagement/visits", CountryVisitViewSet, basename="engagement-visit")
router.register(
    "engagement/questionnaires", QuestionnaireViewSet, basename="engagement-questionnaire"
)
router.register(
    "engagement/questionnaire-answers",
    QuestionnaireAnswerViewSet,
    basename="engagement-questionnaire-answer",
)
router.register("engagement/events", EventViewSet, basename="engagement-event")
router.register("engagement/reports", StateReportViewSet, basename="engagement-report")
router.register(
    "engagement/contributions", ContributionRequestViewSet, basename="engagement-contribution"
)
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("actions", ActionViewSet, basename="action")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("public/bulk/", BulkManifestView.as_view(), name="bulk_manifest"),
    path("public/bulk/<str:name>", BulkFileView.as_view(), name="bulk_file"),
    path("", include(router.urls)),
]
