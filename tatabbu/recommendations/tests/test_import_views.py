"""The upload page, the background job, the status page with its progress and report, the
history, and the template downloads."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from tatabbu.audit.models import Event
from tatabbu.recommendations.choices import ImportStatus
from tatabbu.recommendations.importers.generic import template
from tatabbu.recommendations.models import ImportBatch, Recommendation
from tatabbu.recommendations.tasks import import_batch_run

from .conftest import REPORT_2008

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_language(settings: Any, tmp_path: Path) -> Any:
    """Uploads under a temporary MEDIA_ROOT; pages in English (/en/…), so messages read here."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


def _upload(client: Any, name: str, content: bytes, format: str, **options: Any) -> Any:
    data = {"format": format, "file": SimpleUploadedFile(name, content), **options}
    return client.post(reverse("recommendations:import_create"), data)


def test_a_coordinator_uploads_a_file_and_the_job_imports_it(
    coordinator: Any, client_for: Any, settings: Any
) -> None:
    client = client_for(coordinator)
    response = _upload(client, "template.csv", template("csv"), "csv")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "recommendations:import_detail", kwargs={"uuid": batch.uuid}
    )
    assert (batch.status, batch.created_count, batch.started_by) == (
        ImportStatus.SUCCEEDED,
        2,
        coordinator,
    )
    assert Recommendation.objects.filter(import_batch=batch).count() == 2
    stored = Path(settings.MEDIA_ROOT) / batch.stored_file
    assert stored.is_file() and stored.parent.name == "imports"
    assert stored.name != "template.csv" and len(stored.stem) == 32
    actions = list(
        Event.objects.filter(target_id=str(batch.pk), action__startswith="import.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["import.queue", "import.start", "import.finish"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert "template.csv" in content and 'hx-trigger="every 2s"' not in content


def test_an_invalid_file_is_refused_and_its_report_is_paginated(
    coordinator: Any, client_for: Any
) -> None:
    rows = "".join(f"CAT,MAR,CAT/C/MAR/CO/4,{n},,Texte {n},Nope\n" for n in range(1, 121))
    content = (
        "mechanism,state_under_review,document_symbol,paragraph,text_ar,text_fr,themes\n" + rows
    )
    client = client_for(coordinator)
    response = _upload(client, "bad.csv", content.encode(), "csv")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.INVALID
    assert (batch.rejected_count, batch.created_count) == (120, 0)
    assert not Recommendation.objects.exists()
    assert batch.errors[0] == {
        "row": 2,
        "column": "themes",
        "code": "unknown_label",
        "message": "unknown theme “Nope”.",
    }
    page = client.get(response["Location"])
    assert page.content.decode().count("unknown theme") == 50
    assert "nothing was imported" in page.content.decode()
    last = client.get(response["Location"] + "?page=3").content.decode()
    assert last.count("unknown theme") == 20
    assert "unknown theme “Nope”" in last


def test_the_progress_block_polls_while_running_and_reloads_when_done(
    coordinator: Any, client_for: Any
) -> None:
    from tatabbu.recommendations.services import import_batch_create

    batch = import_batch_create(
        actor=coordinator,
        format="csv",
        file_name="x.csv",
        stored_file="",
        file_size=0,
        total_rows=200,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, processed_rows=50)
    client = client_for(coordinator)
    url = reverse("recommendations:import_progress", kwargs={"uuid": batch.uuid})
    running = client.get(url, HTTP_HX_REQUEST="true")
    body = running.content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert 'max="200" value="50"' in body
    assert "HX-Refresh" not in running
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.SUCCEEDED)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_a_dry_run_from_the_page_writes_no_recommendation(
    coordinator: Any, client_for: Any
) -> None:
    client = client_for(coordinator)
    _upload(client, "report.txt", REPORT_2008.read_bytes(), "upr-report", dry_run="on")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.dry_run, batch.created_count) == ("succeeded", True, 11)
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("persona", ["focal_a", "validator_b", "association", "management"])
def test_other_roles_may_not_upload(persona: str, request: Any, client_for: Any) -> None:
    user = request.getfixturevalue(persona)
    response = _upload(client_for(user), "template.csv", template("csv"), "csv")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client_for: Any) -> None:
    response = _upload(client_for(None), "template.csv", template("csv"), "csv")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ImportBatch.objects.exists()


def test_the_upload_checks_type_and_size(coordinator: Any, client_for: Any, settings: Any) -> None:
    client = client_for(coordinator)
    wrong_extension = _upload(client, "payload.exe", b"MZ\x90\x00", "csv")
    assert wrong_extension.status_code == 200
    assert "This format takes .csv files." in wrong_extension.content.decode()
    disguised = _upload(client, "sheet.xlsx", b"mechanism,text_fr\n", "xlsx")
    assert "does not match its type" in disguised.content.decode()
    settings.TATABBU_IMPORT_MAX_BYTES = 100
    large = _upload(client, "big.csv", b"x" * 200, "csv")
    assert "the largest file accepted is 100" in large.content.decode()
    bad_symbol = _upload(client, "t.csv", template("csv"), "csv", symbol="Report 12")
    assert "Not a UN document symbol" in bad_symbol.content.decode()
    assert not ImportBatch.objects.exists()


def test_template_downloads(coordinator: Any, client_for: Any) -> None:
    client = client_for(coordinator)
    csv_response = client.get(reverse("recommendations:import_template", kwargs={"kind": "csv"}))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv_response["Content-Disposition"]
    assert csv_response.content.decode("utf-8-sig").startswith("key,document_symbol,")
    xlsx = client.get(reverse("recommendations:import_template", kwargs={"kind": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "key" and sheet.max_row == 3
    json_response = client.get(reverse("recommendations:import_template", kwargs={"kind": "json"}))
    assert json_response.json()[0]["mechanism"] == "UPR"
    page = client.get(reverse("recommendations:import_create")).content.decode()
    for kind in ("csv", "xlsx", "json"):
        assert reverse("recommendations:import_template", kwargs={"kind": kind}) in page


def test_an_interrupted_import_is_marked_failed_and_can_run_again(
    coordinator: Any, client_for: Any, settings: Any
) -> None:
    from django.core.files.storage import default_storage

    from tatabbu.recommendations.services import import_batch_create

    stored = default_storage.save("imports/killed.txt", io.BytesIO(REPORT_2008.read_bytes()))
    batch = import_batch_create(
        actor=coordinator,
        format="upr-report",
        file_name="report.txt",
        stored_file=stored,
        file_size=REPORT_2008.stat().st_size,
    )
    # A worker claimed it and was killed: status running, no progress for ten minutes.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, updated_at=timezone.now() - timedelta(minutes=10)
    )
    client = client_for(coordinator)
    page = client.get(reverse("recommendations:import_detail", kwargs={"uuid": batch.uuid}))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "interrupted" in batch.message
    assert "Run it again" in page.content.decode()
    assert not Recommendation.objects.exists()
    response = client.post(reverse("recommendations:import_retry", kwargs={"uuid": batch.uuid}))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.message) == ("succeeded", 11, "")
    # Running the job again for an ended batch changes nothing.
    before = Event.objects.count()
    import_batch_run.call(batch.pk)
    assert Event.objects.count() == before
    assert Recommendation.objects.count() == 11


def test_the_history_lists_past_imports(coordinator: Any, client_for: Any) -> None:
    client = client_for(coordinator)
    _upload(client, "template.csv", template("csv"), "csv")
    _upload(client, "template.json", template("json"), "json")
    page = client.get(reverse("recommendations:import_list")).content.decode()
    assert "template.csv" in page and "template.json" in page


def test_the_history_and_status_pages_keep_a_query_budget(
    coordinator: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    from tatabbu.recommendations.services import import_batch_create

    batches = [
        import_batch_create(
            actor=coordinator, format="csv", file_name=f"f{n}.csv", stored_file="", file_size=0
        )
        for n in range(30)
    ]
    client = client_for(coordinator)
    client.get(reverse("recommendations:import_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("recommendations:import_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("recommendations:import_detail", kwargs={"uuid": batches[0].uuid}))
