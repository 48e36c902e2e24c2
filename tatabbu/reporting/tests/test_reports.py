"""The registry of kinds, asking for a report in the UI (at once or in the background), and
downloading it: only its requester and coordinators, as an attachment with nosniff."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tatabbu.actionplan.services import plan_2026_load
from tatabbu.audit.models import Event
from tatabbu.reporting import registry
from tatabbu.reporting.choices import ReportStatus
from tatabbu.reporting.document import Heading, Paragraph, ReportDocument
from tatabbu.reporting.files import download_name, stored_path
from tatabbu.reporting.models import GeneratedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> None:
    plan_2026_load(actor=None)


@pytest.fixture
def extra_kind() -> Iterator[registry.ReportKind]:
    """A kind registered the way issue 5's kinds will be (no change to existing code)."""

    def build(context: registry.BuildContext) -> ReportDocument:
        document = ReportDocument(
            language=context.language,
            title="UPR status",
            symbol="A/HRC/52/7",
            file_stem="upr-status",
        )
        document.add(Heading("Cycle 4"), Paragraph(f"Cycle {context.options['cycle']}"))
        return document

    kind = registry.register(
        registry.ReportKind(
            code="test-upr-status",
            label="UPR status (test)",
            description="A kind registered by a test.",
            build=build,
            can_request=lambda user, options: user is None or user.role == "coordinator",
            options=(registry.ReportOption("cycle", "Cycle", required=True, parse=int),),
        )
    )
    yield kind
    registry._KINDS.pop(kind.code)


def _post(client: Any, **data: Any) -> Any:
    with translation.override("en"):
        url = reverse("reporting:report_create")
    return client.post(url, data)


def test_action_plan_kind_is_discovered() -> None:
    assert "action-plan" in [kind.code for kind in registry.kinds()]


def test_a_new_kind_works_with_the_command_and_the_ui(
    extra_kind, tmp_path, client_for, coordinator
):
    output = tmp_path / "upr.docx"
    from tatabbu.reporting.management.commands.make_report import Command

    command = Command()
    parser = command.create_parser("manage.py", "make_report")
    options = parser.parse_args(
        [
            "--kind",
            "test-upr-status",
            "--format",
            "docx",
            "--lang",
            "fr",
            "-o",
            str(output),
            "--cycle",
            "4",
        ]
    )
    command.execute(
        **{
            **vars(options),
            "stdout": io.StringIO(),
            "no_color": True,
            "force_color": False,
            "skip_checks": True,
        }
    )
    assert output.read_bytes()[:2] == b"PK"
    response = _post(
        client_for(coordinator), kind="test-upr-status", cycle="4", file_format="pdf", language="ar"
    )
    report = GeneratedReport.objects.get(kind="test-upr-status")
    assert response.status_code == 302
    assert report.status == ReportStatus.DONE
    assert report.options == {"cycle": 4}


def test_a_kind_decides_who_may_have_it(extra_kind, client_for, focal_a) -> None:
    response = _post(
        client_for(focal_a), kind="test-upr-status", cycle="4", file_format="pdf", language="ar"
    )
    assert response.status_code == 403
    assert not GeneratedReport.objects.exists()


def test_small_report_is_generated_in_the_request_and_downloaded(plan, client_for, focal_a):
    client = client_for(focal_a)
    response = _post(
        client, kind="action-plan", plan="didh-2026", file_format="xlsx", language="ar"
    )
    report = GeneratedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.status == ReportStatus.DONE
    assert report.download_name == "didh-2026-progress-2026-ar.xlsx"
    path = stored_path(report)
    assert path.parent.name == "reports"
    assert path.name != report.download_name and len(path.stem) == 32
    download = client.get(reverse("reporting:report_download", kwargs={"uuid": report.uuid}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "didh-2026-progress-2026-ar.xlsx" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    actions = list(
        Event.objects.filter(target_id=str(report.pk), action__startswith="report.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["report.request", "report.start", "report.generate", "report.download"]


def test_only_the_requester_and_coordinators_see_and_download(plan, client_for, personas):
    _post(
        client_for(personas["focal.a"]),
        kind="action-plan",
        plan="didh-2026",
        file_format="xlsx",
        language="fr",
    )
    report = GeneratedReport.objects.get()
    for name, expected in (
        ("focal.a", 200),
        ("coordinator", 200),
        ("administrator", 200),
        ("focal.b", 404),
        ("validator.a", 404),
        ("management", 404),
    ):
        client = client_for(personas[name])
        for view in ("report_detail", "report_download"):
            url = reverse(f"reporting:{view}", kwargs={"uuid": report.uuid})
            assert client.get(url).status_code == expected, (name, view)
    anonymous = client_for(None).get(
        reverse("reporting:report_download", kwargs={"uuid": report.uuid})
    )
    assert anonymous.status_code == 302


def test_big_report_goes_to_the_background_worker(
    plan, client_for, coordinator, settings, monkeypatch
) -> None:
    from tatabbu.reporting import tasks

    enqueued: list[int] = []
    real = tasks.generate_report

    class Spy:
        def enqueue(self, report_id: int) -> Any:
            enqueued.append(report_id)
            return real.enqueue(report_id)  # tests run tasks at once (ImmediateBackend)

    monkeypatch.setattr(tasks, "generate_report", Spy())
    settings.TATABBU_REPORT_INLINE_MAX_ITEMS = 10
    response = _post(
        client_for(coordinator),
        kind="action-plan",
        plan="didh-2026",
        file_format="docx",
        language="en",
    )
    report = GeneratedReport.objects.get()
    assert response.status_code == 302
    assert enqueued == [report.pk]
    assert report.status == ReportStatus.DONE
    settings.TATABBU_REPORT_INLINE_MAX_ITEMS = 60
    _post(
        client_for(coordinator),
        kind="action-plan",
        plan="didh-2026",
        file_format="xlsx",
        language="en",
    )
    assert len(enqueued) == 1


def test_failed_generation_is_recorded_without_details(plan, client_for, coordinator, monkeypatch):
    from tatabbu.reporting import generation

    def explode(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("secret path /var/lib/x")

    monkeypatch.setattr(generation, "render", explode)
    _post(
        client_for(coordinator),
        kind="action-plan",
        plan="didh-2026",
        file_format="pdf",
        language="en",
    )
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.FAILED
    assert "secret" not in report.message
    page = client_for(coordinator).get(report.get_absolute_url())
    assert b"secret" not in page.content
    assert (
        client_for(coordinator)
        .get(reverse("reporting:report_download", kwargs={"uuid": report.uuid}))
        .status_code
        == 404
    )


def test_invalid_requests_are_refused(plan, client_for, coordinator) -> None:
    client = client_for(coordinator)
    assert (
        _post(
            client, kind="action-plan", plan="didh-2026", file_format="odt", language="ar"
        ).status_code
        == 400
    )
    assert (
        _post(
            client, kind="action-plan", plan="didh-2026", file_format="pdf", language="de"
        ).status_code
        == 400
    )
    assert (
        _post(client, kind="action-plan", year="abc", file_format="pdf", language="ar").status_code
        == 400
    )
    assert _post(client, kind="no-such-kind", file_format="pdf", language="ar").status_code == 404
    assert not GeneratedReport.objects.exists()


def test_htmx_polling_returns_the_status_fragment(plan, client_for, coordinator) -> None:
    _post(
        client_for(coordinator),
        kind="action-plan",
        plan="didh-2026",
        file_format="xlsx",
        language="ar",
    )
    report = GeneratedReport.objects.get()
    response = client_for(coordinator).get(report.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="report-status"')


def test_download_names_are_safe() -> None:
    assert download_name("../../etc/passwd", "pdf") == "etc-passwd.pdf"
    assert download_name("تقرير\u202e", "docx") == "report.docx"
    assert download_name("didh-2026-progress-2026-ar", "pdf") == "didh-2026-progress-2026-ar.pdf"


def test_make_report_help_lists_kind_options() -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("make_report", "--help", stdout=out)
