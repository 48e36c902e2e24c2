"""Back-office pages where coordinators edit the portal: news items, pages, publications, and
read contact messages. Thin: form → service → redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError

from . import services
from .choices import ArticleKind
from .forms import ArticleForm, PublicationCreateForm, PublicationForm
from .models import Article, ContactMessage, Publication
from .permissions import editors_only


def _article(uuid: Any) -> Article:
    article = Article.objects.filter(uuid=uuid).select_related("image").first()
    if article is None:
        raise Http404
    return article


def _publication(uuid: Any) -> Publication:
    publication = Publication.objects.filter(uuid=uuid).select_related("document").first()
    if publication is None:
        raise Http404
    return publication


def _error_status(error: Exception) -> int:
    return 409 if isinstance(error, ConflictError | TransitionError) else 400


def _apply_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(getattr(error, "message", error)))


@editors_only
def content_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/editor/content_list.html",
        {
            "articles": Article.objects.order_by("-updated_at", "-pk")[:200],
            "publications": Publication.objects.order_by("-updated_at", "-pk")[:200],
        },
    )


@editors_only
def article_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ArticleKind.values:
        raise Http404
    return _article_edit(request, None, kind)


@editors_only
def article_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    article = _article(uuid)
    return _article_edit(request, article, article.kind)


def _article_edit(request: HttpRequest, article: Article | None, kind: str) -> HttpResponse:
    status = 200
    if request.method == "POST":
        # The form checks a copy: the service compares the stored values with the new ones.
        copy = Article.objects.get(pk=article.pk) if article is not None else None
        form = ArticleForm(request.POST, request.FILES, instance=copy)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version") or 0
            image_file = data.pop("image_file") or None
            try:
                if article is None:
                    article = services.article_create(
                        actor=request.user, kind=kind, image_file=image_file, **data
                    )
                else:
                    services.article_update(
                        actor=request.user,
                        article=article,
                        version=version,
                        image_file=image_file,
                        **data,
                    )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal_editor:article_edit", uuid=article.uuid)
        else:
            status = 400
    else:
        form = ArticleForm(instance=article, initial={"version": getattr(article, "version", 0)})
    return render(
        request,
        "portal/editor/article_form.html",
        {"form": form, "article": article, "kind": kind},
        status=status,
    )


@editors_only
def article_preview(request: HttpRequest, uuid: str) -> HttpResponse:
    """The item as the public will see it, whether or not it is published."""
    return render(
        request, "portal/article_detail.html", {"article": _article(uuid), "preview": True}
    )


def _state_change(request: HttpRequest, target: Any, change: Any, **kwargs: Any) -> HttpResponse:
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        change(actor=request.user, version=version, **kwargs)
    except (ServiceError, TransitionError) as error:
        messages.error(request, str(error.message))
        response = redirect(target)
        response.status_code = 303
        return response
    except ConflictError:
        return render(request, "portal/editor/conflict.html", {"target": target}, status=409)
    messages.success(request, _("Saved."))
    return redirect(target)


@editors_only
@require_POST
def article_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    article = _article(uuid)
    return _state_change(
        request,
        _edit_url("article_edit", article.uuid),
        services.article_publish,
        article=article,
    )


@editors_only
@require_POST
def article_unpublish(request: HttpRequest, uuid: str) -> HttpResponse:
    article = _article(uuid)
    return _state_change(
        request,
        _edit_url("article_edit", article.uuid),
        services.article_unpublish,
        article=article,
    )


def _edit_url(name: str, uuid: Any) -> str:
    from django.urls import reverse

    return reverse(f"portal_editor:{name}", kwargs={"uuid": uuid})


def _finished_reports(user: Any) -> list[Any]:
    from tatabbu.reporting.choices import ReportStatus
    from tatabbu.reporting.selectors import report_list

    return list(report_list(user=user).filter(status=ReportStatus.DONE)[:100])


@editors_only
def publication_create(request: HttpRequest) -> HttpResponse:
    status = 200
    reports = _finished_reports(request.user)
    if request.method == "POST":
        form = PublicationCreateForm(request.POST, request.FILES, reports=reports)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            file = data.pop("file")
            report_uuid = data.pop("report")
            language = data.pop("language") or ""
            try:
                if report_uuid:
                    report = next(item for item in reports if str(item.uuid) == report_uuid)
                    publication = services.publication_from_report(
                        actor=request.user, report=report, **data
                    )
                else:
                    publication = services.publication_create(
                        actor=request.user, file=file, language=language, **data
                    )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal_editor:publication_edit", uuid=publication.uuid)
        else:
            status = 400
    else:
        form = PublicationCreateForm(reports=reports)
    return render(
        request,
        "portal/editor/publication_form.html",
        {"form": form, "publication": None},
        status=status,
    )


@editors_only
def publication_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    publication = _publication(uuid)
    status = 200
    if request.method == "POST":
        form = PublicationForm(request.POST, instance=Publication.objects.get(pk=publication.pk))
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version") or 0
            try:
                services.publication_update(
                    actor=request.user, publication=publication, version=version, **data
                )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal_editor:publication_edit", uuid=publication.uuid)
        else:
            status = 400
    else:
        form = PublicationForm(instance=publication, initial={"version": publication.version})
    return render(
        request,
        "portal/editor/publication_form.html",
        {"form": form, "publication": publication},
        status=status,
    )


@editors_only
@require_POST
def publication_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    publication = _publication(uuid)
    return _state_change(
        request,
        _edit_url("publication_edit", publication.uuid),
        services.publication_publish,
        publication=publication,
    )


@editors_only
@require_POST
def publication_unpublish(request: HttpRequest, uuid: str) -> HttpResponse:
    publication = _publication(uuid)
    return _state_change(
        request,
        _edit_url("publication_edit", publication.uuid),
        services.publication_unpublish,
        publication=publication,
    )


@editors_only
def contact_message_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/editor/contact_message_list.html",
        {"messages_received": ContactMessage.objects.all()[:200]},
    )
