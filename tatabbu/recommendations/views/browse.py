"""Pages of recommendations and clusters (back office): search and browse, detail, exports,
clusters and their membership. Thin: parse → selector or service → render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tatabbu.accounts.permissions import user_passes
from tatabbu.audit.history import history_url
from tatabbu.core.exceptions import ConflictError, ServiceError
from tatabbu.core.models import language_order

from .. import exports, selectors
from ..forms import BulkClusterForm, ClusterForm
from ..permissions import (
    can_export_recommendations,
    can_manage_clusters,
    can_view_recommendations,
)
from ..services import clusters as cluster_services

viewer_required = user_passes(can_view_recommendations)
exporter_required = user_passes(can_export_recommendations)
cluster_manager_required = user_passes(can_manage_clusters)

# Query parameters that are not filters (kept out of exports and bulk actions).
NOT_FILTERS = ("page", "page_size")
# Filters the list page has no control for: kept in the search form as hidden fields.
HIDDEN_FILTERS = ("document", "year_from", "year_to", "language")


def _filters(query: QueryDict) -> QueryDict:
    filters = query.copy()
    for name in NOT_FILTERS:
        filters.pop(name, None)
    return filters


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@viewer_required
@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    result = selectors.recommendation_search(
        user=request.user,
        filters=_filters(request.GET),
        page=_int(request.GET.get("page"), 1),
        page_size=_int(request.GET.get("page_size"), selectors.PAGE_SIZES[0]),
    )
    context = {
        "result": result,
        "form": result.filterset.form,
        "query": result.filterset.query,
        "filters_query": _filters(request.GET).urlencode(),
        "hidden_filters": [
            (name, value) for name in HIDDEN_FILTERS for value in request.GET.getlist(name)
        ],
        "page_sizes": selectors.PAGE_SIZES,
        "can_manage_clusters": can_manage_clusters(request.user),
        "document": _document_filter(request),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "recommendations/_results.html", context)
    return render(request, "recommendations/recommendation_list.html", context)


def _document_filter(request: HttpRequest) -> Any:
    """The source document the list is restricted to, to name it on the page."""
    value = request.GET.get("document")
    if not value:
        return None
    try:
        return selectors.document_get(user=request.user, uuid=value)
    except Http404:
        return None


@viewer_required
@require_GET
def recommendation_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    names = dict(settings.LANGUAGES)
    context = {
        "recommendation": recommendation,
        "texts": [
            (code, names[code], getattr(recommendation, f"text_{code}"))
            for code in language_order()
            if getattr(recommendation, f"text_{code}")
        ],
        "similar": selectors.recommendation_similar(
            user=request.user, recommendation=recommendation
        ),
        "history_url": history_url(recommendation),
        "can_manage_clusters": can_manage_clusters(request.user),
        "clusters": selectors.cluster_list(user=request.user)
        if can_manage_clusters(request.user)
        else [],
    }
    return render(request, "recommendations/recommendation_detail.html", context)


@exporter_required
@require_GET
def recommendation_export(request: HttpRequest, format: str) -> HttpResponse:
    try:
        queryset = selectors.recommendation_list(
            user=request.user, filters=exports.export_filters(_filters(request.GET))
        )
    except ValidationError:
        return HttpResponseBadRequest(_("The filters are not valid."))
    return exports.export_response(queryset, format=format)


# --- Clusters -----------------------------------------------------------------------------------


@viewer_required
@require_GET
def cluster_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recommendations/cluster_list.html",
        {
            "clusters": selectors.cluster_list(user=request.user),
            "can_manage_clusters": can_manage_clusters(request.user),
        },
    )


@viewer_required
@require_GET
def cluster_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    cluster = selectors.cluster_get(user=request.user, uuid=uuid)
    return render(
        request,
        "recommendations/cluster_detail.html",
        {
            "cluster": cluster,
            "history_url": history_url(cluster),
            "can_manage_clusters": can_manage_clusters(request.user),
        },
    )


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest) -> HttpResponse:
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            cluster = cluster_services.cluster_create(actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The cluster was created."))
            return redirect("recommendations:cluster_detail", uuid=cluster.uuid)
    return render(request, "recommendations/cluster_form.html", {"form": form, "creating": True})


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    cluster = selectors.cluster_get(user=request.user, uuid=uuid)
    initial = {name: getattr(cluster, name) for name in cluster_services.CLUSTER_FIELDS}
    form = ClusterForm(request.POST or None, initial={**initial, "version": cluster.version})
    status = 200
    conflict: dict[str, str] | None = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            cluster_services.cluster_update(
                actor=request.user, cluster=cluster, version=version, **data
            )
        except ConflictError:
            status = 409
            cluster.refresh_from_db()
            conflict = {name: getattr(cluster, name) for name in cluster_services.CLUSTER_FIELDS}
            resubmit = request.POST.copy()
            resubmit["version"] = str(cluster.version)
            form = ClusterForm(resubmit)
            form.is_valid()
            form.add_error(None, _("Someone else changed this cluster since you opened it."))
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The cluster was saved."))
            return redirect("recommendations:cluster_detail", uuid=cluster.uuid)
    return render(
        request,
        "recommendations/cluster_form.html",
        {"form": form, "cluster": cluster, "conflict": conflict},
        status=status,
    )


@cluster_manager_required
@require_POST
def cluster_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    cluster = selectors.cluster_get(user=request.user, uuid=uuid)
    try:
        cluster_services.cluster_delete(
            actor=request.user, cluster=cluster, version=_int(request.POST.get("version"), 0)
        )
    except ConflictError:
        messages.error(request, _("Someone else changed this cluster since you opened it."))
        return redirect("recommendations:cluster_detail", uuid=cluster.uuid)
    messages.success(request, _("The cluster was deleted."))
    return redirect("recommendations:cluster_list")


@cluster_manager_required
@require_POST
def recommendation_set_cluster(request: HttpRequest, uuid: str) -> HttpResponseRedirect:
    """Put one recommendation in a cluster (``cluster`` = uuid) or take it out (empty)."""
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    target = request.POST.get("cluster", "")
    if target:
        cluster = selectors.cluster_get(user=request.user, uuid=target)
        cluster_services.cluster_add_recommendations(
            actor=request.user, cluster=cluster, recommendation_ids=[recommendation.pk]
        )
        messages.success(request, _("The recommendation was added to the cluster."))
    elif recommendation.cluster_id:
        cluster_services.cluster_remove_recommendations(
            actor=request.user,
            cluster=recommendation.cluster,
            recommendation_ids=[recommendation.pk],
        )
        messages.success(request, _("The recommendation was taken out of its cluster."))
    return redirect(recommendation.get_absolute_url())


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def cluster_bulk(request: HttpRequest) -> HttpResponse:
    """Add (or remove) every recommendation matching the filters of a list to a cluster, after
    confirming their number. The filters travel in the query string."""
    filters = _filters(request.GET)
    filters.pop("sort", None)
    try:
        ids = selectors.recommendation_ids_for_bulk(user=request.user, filters=filters)
    except ValidationError:
        return HttpResponseBadRequest(_("The filters are not valid."))
    count = ids.count()
    form = BulkClusterForm(
        request.POST or None,
        clusters=selectors.cluster_list(user=request.user),
        initial={"expected_count": count},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["expected_count"] != count:
            status = 409
            form = BulkClusterForm(
                None,
                clusters=selectors.cluster_list(user=request.user),
                initial={**form.cleaned_data, "expected_count": count},
            )
            messages.warning(
                request,
                _("The number of matching recommendations changed; please confirm again."),
            )
        else:
            response = _bulk_apply(request, form.cleaned_data, ids, filters)
            if response is not None:
                return response
    return render(
        request,
        "recommendations/cluster_bulk.html",
        {
            "form": form,
            "count": count,
            "filters_query": filters.urlencode(),
            "list_url": reverse("recommendations:recommendation_list")
            + (f"?{filters.urlencode()}" if filters else ""),
        },
        status=status,
    )


def _bulk_apply(
    request: HttpRequest, data: dict[str, Any], ids: Any, filters: QueryDict
) -> HttpResponse | None:
    cluster = data["cluster"]
    try:
        if data["action"] == "remove":
            changed = cluster_services.cluster_remove_recommendations(
                actor=request.user, cluster=cluster, recommendation_ids=list(ids)
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d recommendation was taken out of the cluster.",
                    "%(count)d recommendations were taken out of the cluster.",
                    changed,
                )
                % {"count": changed},
            )
        else:
            changed = cluster_services.cluster_add_recommendations(
                actor=request.user, cluster=cluster, recommendation_ids=list(ids)
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d recommendation was added to the cluster.",
                    "%(count)d recommendations were added to the cluster.",
                    changed,
                )
                % {"count": changed},
            )
    except ServiceError as error:
        messages.error(request, str(error.message))
        return None
    return redirect(reverse("recommendations:recommendation_list") + f"?cluster={cluster.uuid}")


def _add_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ServiceError):
        form.add_error(None, str(error.message))
    else:
        form.add_error(None, error)
