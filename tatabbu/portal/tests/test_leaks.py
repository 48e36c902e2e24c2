"""Leak tests: every unpublished or confidential object carries a unique marker string; no public
page, API response, sitemap, search result or bulk file may contain any of them.

Published counterparts carry their own markers and must appear (so the sweep is known to read
the places where a leak would show).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tatabbu.actionplan.tests.factories import PlanFactory, ProjectFactory, UpdateFactory
from tatabbu.calls.tests.factories import make_call
from tatabbu.core.workflow import ReviewStatus
from tatabbu.portal.choices import ArticleKind
from tatabbu.portal.tests.factories import (
    ArticleFactory,
    DocumentFactory,
    PublicationFactory,
    PublishedArticleFactory,
)
from tatabbu.recommendations.tests.factories import ClusterFactory, RecommendationFactory

SECRET = {
    "draft_news": "zqxsecretdraftnews",
    "draft_page": "zqxsecretdraftpage",
    "future_news": "zqxsecretfuturenews",
    "draft_publication": "zqxsecretdraftpublication",
    "draft_call": "zqxsecretdraftcall",
    "private_plan": "zqxsecretprivateplan",
    "unpublished_update": "zqxsecretunpublishedupdate",
    "validated_update": "zqxsecretvalidatedupdate",
    "cluster": "zqxsecretcluster",
    "contact": "zqxsecretcontact",
    "provenance": "zqxsecretprovenance",
    "document_name": "zqxsecretfilename",
    "followup_draft": "zqxsecretfollowupdraft",
    "followup_submitted": "zqxsecretfollowupsubmitted",
    "followup_validated": "zqxsecretfollowupvalidated",
    "followup_action": "zqxsecretfollowupaction",
}
PUBLIC = {
    "news": "zqxpublicnews",
    "page": "zqxpublicpage",
    "recommendation": "zqxpublicrecommendation",
    "call": "zqxpubliccall",
    "plan": "zqxpublicplan",
    "publication": "zqxpublicpublication",
    "followup_published": "zqxpublicfollowuppublished",
}


@pytest.fixture
def seeded(personas: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    from tatabbu.portal.models import ContactMessage

    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = personas["coordinator"]
    # The bulk files are rebuilt at the first download after the seeding (ImmediateBackend).
    now = timezone.now()
    ArticleFactory(slug="draft-news", title_fr=SECRET["draft_news"], body_fr=SECRET["draft_news"])
    ArticleFactory(kind=ArticleKind.PAGE, slug="draft-page", title_fr=SECRET["draft_page"])
    ArticleFactory(
        slug="future-news",
        title_fr=SECRET["future_news"],
        status="published",
        published_at=now + datetime.timedelta(days=3),
    )
    PublishedArticleFactory(slug="public-news", title_fr=PUBLIC["news"])
    PublishedArticleFactory(kind=ArticleKind.PAGE, slug="public-page", title_fr=PUBLIC["page"])
    PublicationFactory(
        title_fr=SECRET["draft_publication"],
        document=DocumentFactory(original_name=f"{SECRET['document_name']}.pdf"),
    )
    PublicationFactory(title_fr=PUBLIC["publication"], status="published", published_at=now)
    make_call(coordinator, publish=False, title_fr=SECRET["draft_call"], title_ar="", title_en="")
    make_call(coordinator, title_fr=PUBLIC["call"], title_ar="", title_en="")
    PlanFactory(slug="private-plan", title_fr=SECRET["private_plan"], title_ar="", title_en="")
    plan = PlanFactory(
        slug="public-plan", title_fr=PUBLIC["plan"], title_ar="", title_en="", is_public=True
    )
    project = ProjectFactory(axis__plan=plan)
    UpdateFactory(
        project=project,
        narrative_en=SECRET["unpublished_update"],
        narrative_ar=SECRET["unpublished_update"],
        progress_percent=Decimal("77.0"),
    )
    UpdateFactory(
        project=project,
        status=ReviewStatus.VALIDATED,
        narrative_en=SECRET["validated_update"],
        progress_percent=Decimal("66.0"),
    )
    cluster = ClusterFactory(name_fr=SECRET["cluster"], name_ar=SECRET["cluster"])
    recommendation = RecommendationFactory(
        text_fr=f"Garantir les droits {PUBLIC['recommendation']}",
        cluster=cluster,
        source_file=f"{SECRET['provenance']}.csv",
        position_note="",
    )
    _seed_follow_up(personas, recommendation)
    ContactMessage.objects.create(
        name=SECRET["contact"],
        email="someone@example.org",
        subject=SECRET["contact"],
        message=SECRET["contact"],
        language="fr",
    )
    return {"recommendation": recommendation, "plan": plan, "cluster": cluster}


def _seed_follow_up(personas: dict[str, Any], recommendation: Any) -> None:
    """The recommendation assigned to ministry A, with an internal action and progress updates
    in every workflow state: only the published one may be seen in public."""
    from tatabbu.followup import services as followup

    focal, validator = personas["focal.a"], personas["validator.a"]
    followup.assignment_set(
        actor=personas["coordinator"],
        recommendation=recommendation,
        lead_institution=focal.institution,
    )
    followup.action_create(
        actor=focal,
        recommendations=[recommendation],
        values={"description_fr": SECRET["followup_action"], "status": "planned"},
    )

    def update(marker: str, steps: list[str]) -> None:
        item = followup.progress_update_create(
            actor=focal, recommendation=recommendation, values={"text": f"Avancement {marker}"}
        )
        for step in steps:
            item.refresh_from_db()
            actor = {"submit": focal, "validate": validator}.get(step, personas["coordinator"])
            getattr(followup, f"progress_update_{step}")(
                actor=actor, update=item, version=item.version
            )

    update(SECRET["followup_draft"], [])
    update(SECRET["followup_submitted"], ["submit"])
    update(SECRET["followup_validated"], ["submit", "validate"])
    update(PUBLIC["followup_published"], ["submit", "validate", "publish"])


def _public_urls(seeded: dict[str, Any]) -> list[str]:
    from tatabbu.portal import selectors

    urls = [
        reverse("portal:home"),
        reverse("portal:recommendation_list"),
        reverse("portal:recommendation_list") + f"?q={PUBLIC['recommendation']}",
        reverse("portal:recommendation_list") + f"?cluster={seeded['cluster'].uuid}",
        reverse("portal:recommendation_list") + "?status=not_started",
        reverse("portal:recommendation_detail", kwargs={"uuid": seeded["recommendation"].uuid}),
        reverse("portal:plan_list"),
        reverse("portal:plan_detail", kwargs={"slug": seeded["plan"].slug}),
        reverse("portal:call_list"),
        reverse("portal:news_list"),
        reverse("portal:news_detail", kwargs={"slug": "public-news"}),
        reverse("portal:page_detail", kwargs={"slug": "public-page"}),
        reverse("portal:publication_list"),
        reverse("portal:api_docs"),
        reverse("portal:contact"),
        "/sitemap.xml",
    ]
    for code in selectors.DIMENSIONS:
        urls.append(reverse("portal:explore", kwargs={"dimension": code}))
        for row in selectors.breakdown(code):
            urls.append(reverse("portal:explore_value", kwargs={"dimension": code, "key": row.key}))
    urls += _call_urls()
    return urls


def _call_urls() -> list[str]:
    from tatabbu.portal import selectors

    return [
        reverse("portal:call_detail", kwargs={"uuid": call.uuid})
        for call in selectors.call_public_list()
    ]


def _api_urls() -> list[str]:
    from tatabbu.api import bulk
    from tatabbu.api.urls import router

    urls = ["/api/v1/", "/api/v1/schema/", "/api/v1/public/bulk/"]
    for prefix, _viewset, _basename in router.registry:
        urls.append(f"/api/v1/{prefix}/")
    urls += [f"/api/v1/public/bulk/{name}" for name in bulk.file_names()]
    # Details of everything the public lists (followed from the lists' own results).
    client = Client()
    for prefix, _viewset, _basename in router.registry:
        if not prefix.startswith("public/"):
            continue
        for row in client.get(f"/api/v1/{prefix}/").json().get("results", []):
            key = (
                row.get("slug")
                if prefix in {"public/news", "public/pages", "public/action-plans"}
                else row.get("uuid")
            )
            if key:
                urls.append(f"/api/v1/{prefix}/{key}/")
    return urls


def _sitemap_urls(client: Client) -> list[str]:
    """The sitemap index's sections and every page they list."""
    import re

    def locations(path: str) -> list[str]:
        body = client.get(path).content.decode()
        return re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", body)

    sections = locations("/sitemap.xml")
    assert len(sections) >= 6
    return sections + [page for section in sections for page in locations(section)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_no_unpublished_or_confidential_marker_appears_anywhere_in_public(
    seeded: dict[str, Any], language: str
) -> None:
    from django.utils import translation

    client = Client()
    with translation.override(language):
        urls = _public_urls(seeded)
    urls += _api_urls()
    urls += _sitemap_urls(client)
    seen = ""
    checked = 0
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code in {200, 401}, (url, response.status_code)
        if url.startswith("/api/v1/public/"):
            assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode("utf-8", "replace")
        for name, marker in SECRET.items():
            assert marker not in text, f"{name} leaks through {url}"
        seen += text
        checked += 1
    assert checked > 20
    # The sweep reads the places where published content shows.
    for name, marker in PUBLIC.items():
        assert marker in seen, f"published {name} not found: the sweep misses a page"


@pytest.mark.django_db
def test_searching_a_marker_finds_nothing(seeded: dict[str, Any]) -> None:
    client = Client()
    for marker in SECRET.values():
        page = client.get(reverse("portal:recommendation_list") + f"?q={marker}").content.decode()
        assert 'data-total="0"' in page
    page = client.get(
        reverse("portal:recommendation_list") + f"?q={PUBLIC['recommendation']}"
    ).content.decode()
    assert 'data-total="1"' in page


@pytest.mark.django_db
def test_public_search_ignores_filters_on_internal_data(seeded: dict[str, Any]) -> None:
    client = Client()
    url = reverse("portal:recommendation_list")
    everything = client.get(url).content.decode()
    by_cluster = client.get(url + f"?cluster={seeded['cluster'].uuid}").content.decode()
    # The cluster filter is not offered: the count is that of every published recommendation.
    assert 'data-total="1"' in everything
    assert 'data-total="1"' in by_cluster
    assert 'data-facet="cluster"' not in everything
    assert 'data-facet="institution"' not in everything
    # The status facet is offered, counted on published updates only (its own test:
    # followup/tests/test_public.py, test_portal_status_facet_and_filter_read_published_…).


@pytest.mark.django_db
def test_plan_progress_shows_published_updates_only(seeded: dict[str, Any]) -> None:
    client = Client()
    page = client.get(
        reverse("portal:plan_detail", kwargs={"slug": seeded["plan"].slug})
    ).content.decode()
    assert "77" not in page.split('id="project-table"')[1]
    assert "66" not in page.split('id="project-table"')[1]
    assert 'data-progress="0.0"' in page
