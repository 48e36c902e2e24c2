"""Public pages of the portal (anonymous): thin views over ``selectors`` (published only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tatabbu.core.request_context import client_ip
from tatabbu.documents.views import content_disposition

from . import selectors, services
from .caching import cache_public_page
from .choices import ArticleKind
from .forms import ContactForm

NOT_FILTERS = ("page", "page_size")
# Contact form: at most this many messages per client address per hour.
CONTACT_LIMIT_PER_HOUR = 5


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _filters(query: QueryDict) -> QueryDict:
    filters = query.copy()
    for name in NOT_FILTERS:
        filters.pop(name, None)
    return filters


@cache_public_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "figures": selectors.home_figures(),
            "news": selectors.latest_news(),
            "mechanisms": selectors.breakdown("mechanism"),
        },
    )


# --- Recommendations ------------------------------------------------------------------------


@cache_public_page
@require_safe
def recommendation_list(request: HttpRequest) -> HttpResponse:
    result = selectors.recommendation_public_search(
        filters=_filters(request.GET),
        page=_int(request.GET.get("page"), 1),
        page_size=_int(request.GET.get("page_size"), selectors.PAGE_SIZES[0]),
    )
    context = {
        "result": result,
        "form": result.filterset.form,
        "query": result.filterset.query,
        "page_sizes": selectors.PAGE_SIZES,
        "show_status": selectors.has_public_status(),
    }
    template = "portal/recommendation_list.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "search-results":
        template = "portal/_results.html"
    return render(request, template, context)


@cache_public_page
@require_safe
def recommendation_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_public_get(uuid=uuid)
    return render(
        request,
        "portal/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "similar": selectors.recommendation_public_similar(recommendation),
            "updates": selectors.published_updates(recommendation),
        },
    )


# --- Breakdowns -----------------------------------------------------------------------------


def _chart_data(rows: list[selectors.BreakdownRow], label: str) -> dict[str, Any]:
    return {
        "direction": "rtl" if get_language_bidi() else "ltr",
        "labels": [row.label for row in rows],
        "values": [row.count for row in rows],
        "label": label,
    }


@cache_public_page
@require_safe
def explore(request: HttpRequest, dimension: str) -> HttpResponse:
    chosen = selectors.dimension_get(dimension)
    rows = selectors.breakdown(dimension)
    show_status = selectors.has_public_status()
    statuses = selectors.status_rows({}) if show_status else []
    for row in rows:
        row.status_counts = [row.statuses.get(status.key, 0) for status in statuses]
    return render(
        request,
        "portal/explore.html",
        {
            "dimension": chosen,
            "dimensions": selectors.DIMENSIONS.values(),
            "rows": rows,
            "total": sum(row.count for row in rows),
            "chart": _chart_data(rows[:25], _("Recommendations")),
            "show_status": show_status,
            "statuses": statuses,
        },
    )


@cache_public_page
@require_safe
def explore_value(request: HttpRequest, dimension: str, key: str) -> HttpResponse:
    chosen = selectors.dimension_get(dimension)
    row = selectors.breakdown_value(dimension, key)
    filters = {chosen.filter_name: key}
    positions = selectors.position_counts(filters)
    show_status = selectors.has_public_status()
    statuses = selectors.status_rows(row.statuses) if show_status else []
    latest = selectors.recommendation_public_search(filters=filters, page_size=20)
    return render(
        request,
        "portal/explore_value.html",
        {
            "dimension": chosen,
            "row": row,
            "positions": positions,
            "statuses": statuses,
            "show_status": show_status,
            "position_chart": _chart_data(positions, _("Recommendations")),
            "status_chart": _chart_data(statuses, _("Recommendations")),
            "result": latest,
            "query": latest.filterset.query,
            "list_query": urlencode(filters),
            "filter_name": chosen.filter_name,
        },
    )


# --- Action plans and calls -----------------------------------------------------------------


@cache_public_page
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/plan_list.html", {"plans": selectors.plan_public_list()})


@cache_public_page
@require_safe
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_public_get(slug=slug)
    rollup = selectors.plan_public_rollup(plan=plan)
    axes = [
        {
            "code": item.axis.code,
            "title": str(item.axis.title),
            "projects": item.rollup.projects,
            "progress": float(item.rollup.progress),
        }
        for item in rollup.axes
    ]
    chart = {
        "direction": "rtl" if get_language_bidi() else "ltr",
        "labels": [f"{axis['code']}" for axis in axes],
        "values": [axis["progress"] for axis in axes],
        "label": _("Mean progress (%)"),
        "max": 100,
    }
    return render(
        request,
        "portal/plan_detail.html",
        {
            "plan": plan,
            "total": rollup.total,
            "axes": axes,
            "chart": chart,
            "projects": selectors.plan_public_projects(plan=plan),
        },
    )


@cache_public_page
@require_safe
def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/call_list.html", {"calls": selectors.call_public_list()})


@cache_public_page
@require_safe
def call_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    return render(
        request, "portal/call_detail.html", {"call": selectors.call_public_get(uuid=uuid)}
    )


# --- News, pages, publications --------------------------------------------------------------


@cache_public_page
@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/news_list.html",
        {"articles": selectors.article_public_list(kind=ArticleKind.NEWS)[:50]},
    )


@cache_public_page
@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_public_get(kind=ArticleKind.NEWS, slug=slug)
    return render(request, "portal/article_detail.html", {"article": article})


@cache_public_page
@require_safe
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_public_get(kind=ArticleKind.PAGE, slug=slug)
    return render(request, "portal/article_detail.html", {"article": article})


def _file_response(document: Any, *, inline: bool) -> FileResponse:
    try:
        handle = document.path.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Length"] = str(document.size)
    if not inline:
        response["Content-Disposition"] = content_disposition(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def image(request: HttpRequest, uuid: str) -> FileResponse:
    """The image of a published news item or page (nothing else)."""
    from tatabbu.documents.models import Document

    try:
        document = Document.objects.filter(uuid=uuid, kind__in=["png", "jpeg"]).first()
    except (ValueError, TypeError) as error:
        raise Http404 from error
    if document is None or not selectors.is_public_image(document):
        raise Http404
    return _file_response(document, inline=True)


@cache_public_page
@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/publication_list.html",
        {"publications": selectors.publication_public_list()},
    )


@require_safe
def publication_download(request: HttpRequest, uuid: str) -> FileResponse:
    publication = selectors.publication_public_get(uuid=uuid)
    return _file_response(publication.document, inline=False)


# --- Contact --------------------------------------------------------------------------------


def _rate_limited(request: HttpRequest) -> bool:
    key = f"portal:contact:{client_ip(request) or 'unknown'}"
    count = cache.get(key, 0)
    return count >= CONTACT_LIMIT_PER_HOUR


def _count_message(request: HttpRequest) -> None:
    key = f"portal:contact:{client_ip(request) or 'unknown'}"
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=3600)


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if _rate_limited(request):
            form.add_error(
                None, _("Too many messages were sent from your connection. Try again later.")
            )
            status = 429
        elif form.is_valid():
            services.contact_message_create(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                language=(request.LANGUAGE_CODE or "ar")[:2],
                client_address=client_ip(request),
            )
            _count_message(request)
            return redirect("portal:contact_done")
        else:
            status = 400
    else:
        form = ContactForm()
    return render(request, "portal/contact.html", {"form": form}, status=status)


@cache_public_page
@require_safe
def contact_done(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/contact_done.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page, in the language of the address (``/ar/``, ``/fr/``, ``/en/``); under
    ``/api/`` the API's JSON error shape."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        from tatabbu.api.errors import error_body

        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return render(request, "404.html", status=404)


@cache_public_page
@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """How to reuse the published data: the open API, the bulk files, the exchange format."""
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    return render(
        request,
        "portal/api_docs.html",
        {"anon_rate": _rate_text(rates["anon"]), "user_rate": _rate_text(rates["user"])},
    )


def _rate_text(rate: str) -> str:
    number, _slash, period = rate.partition("/")
    periods = {
        "s": _("%(number)s per second"),
        "m": _("%(number)s per minute"),
        "h": _("%(number)s per hour"),
        "d": _("%(number)s per day"),
    }
    return periods.get(period[:1], "%(number)s") % {"number": number}


@require_safe
def exchange_schema(request: HttpRequest) -> HttpResponse:
    """The JSON schema of the exchange format (docs/exchange-format.md)."""
    from tatabbu.api.exchange import SCHEMA_PATH

    response = HttpResponse(SCHEMA_PATH.read_bytes(), content_type="application/schema+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
