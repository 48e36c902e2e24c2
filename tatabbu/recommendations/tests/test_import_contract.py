"""The command's contract: all or nothing, the row report, idempotence, audited updates."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest

from tatabbu.audit.models import Event
from tatabbu.audit.trail import verify_chain
from tatabbu.recommendations.importers import plan_import
from tatabbu.recommendations.importers.generic import template
from tatabbu.recommendations.models import ImportBatch, Recommendation
from tatabbu.recommendations.services.imports import ImportConflictError, import_apply

from .conftest import REPORT_2012, UPR_INFO, run_import, snapshot

pytestmark = pytest.mark.django_db

BAD_LINES = [
    "row 5: recommending_state: unknown State “Atlantis”.",
    "row 9: response: “Maybe” is not Accepted or Noted.",
    "row 12: action_category: “9” is not a whole number from 1 to 5.",
    "row 20: recommendation: no text in any language.",
    "row 30: columns: expected 14 columns, found 13.",
    "row 40: state_under_review: not valid UTF-8 text (the row may be in Windows-1256 or Latin-1).",
    "row 45: id: “upr-info:UPRINFO-00002” is also the key of row 3.",
]


def _malformed_upr_info(tmp_path: Path) -> Path:
    """The first 49 data rows of the UPR Info file (rows 2–50) with seven broken rows."""
    with UPR_INFO.open(encoding="utf-8") as source:
        lines = list(itertools.islice(source, 50))

    lines[4] = _set_column(lines[4], "recommending_state", "Atlantis")
    lines[8] = _set_column(lines[8], "response", "Maybe")
    lines[11] = _set_column(lines[11], "action_category", "9")
    lines[19] = _set_column(lines[19], "recommendation", "")
    lines[29] = lines[29].rstrip("\n").rsplit(",", 1)[0] + "\n"
    lines[44] = _set_column(lines[44], "id", "UPRINFO-00002")
    path = tmp_path / "malformed.csv"
    data = "".join(lines).encode("utf-8")
    row_40 = lines[39].encode("utf-8")
    broken_40 = row_40.replace(b"Afghanistan", "أفغانستان".encode("cp1256"), 1)
    assert broken_40 != row_40
    path.write_bytes(data.replace(row_40, broken_40))
    return path


def _set_column(line: str, column: str, value: str) -> str:
    header = UPR_INFO.open(encoding="utf-8").readline().strip().split(",")
    cells = next(csv.reader([line]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def test_invalid_rows_refuse_the_whole_file_and_list_each_error(tmp_path: Path) -> None:
    path = _malformed_upr_info(tmp_path)
    before = snapshot()
    run = run_import(path, "upr-info")
    assert run.code == 2
    assert run.lines == BAD_LINES
    assert "nothing was written" in run.stderr
    assert snapshot() == before


def test_dry_run_reports_the_same_errors_and_writes_nothing(tmp_path: Path) -> None:
    path = _malformed_upr_info(tmp_path)
    before = snapshot()
    run = run_import(path, "upr-info", "--dry-run")
    assert (run.code, run.lines) == (2, BAD_LINES)
    valid = run_import(REPORT_2012, "upr-report", "--dry-run")
    assert (valid.code, valid.lines) == (0, ["created=148 updated=0 unchanged=0 rejected=0"])
    assert snapshot() == before


def test_skip_invalid_imports_the_valid_rows_and_counts_the_others(tmp_path: Path) -> None:
    path = _malformed_upr_info(tmp_path)
    run = run_import(path, "upr-info", "--skip-invalid")
    assert run.code == 0
    assert run.lines == ["created=42 updated=0 unchanged=0 rejected=7"]
    assert all(line in run.stderr for line in BAD_LINES)
    assert Recommendation.objects.count() == 42
    assert not Recommendation.objects.filter(source_row__in=[5, 9, 12, 20, 30, 40, 45]).exists()
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.rejected_count, batch.skip_invalid) == (42, 7, True)
    again = run_import(path, "upr-info", "--skip-invalid")
    assert again.lines == ["created=0 updated=0 unchanged=42 rejected=7"]


def test_importing_the_same_file_again_changes_nothing() -> None:
    first = run_import(REPORT_2012, "upr-report")
    assert first.lines == ["created=148 updated=0 unchanged=0 rejected=0"]
    before = snapshot()
    second = run_import(REPORT_2012, "upr-report")
    assert second.lines == ["created=0 updated=0 unchanged=148 rejected=0"]
    assert snapshot() == before


def test_each_import_writes_one_audit_event_per_record_under_one_request_id() -> None:
    start = Event.objects.count()
    run_import(REPORT_2012, "upr-report")
    events = list(Event.objects.filter(seq__gt=start).order_by("seq"))
    actions = [event.action for event in events]
    assert actions.count("recommendation.import_create") == 148
    assert actions.count("source_document.import_create") == 1
    assert (actions[0], actions[-1]) == ("import.start", "import.finish")
    assert len({event.request_id for event in events}) == 1
    created = [event for event in events if event.action == "recommendation.import_create"]
    ids = set(Recommendation.objects.values_list("id", flat=True))
    assert {int(event.target_id) for event in created} == ids
    assert created[0].target_label == "A/HRC/21/3 §129.1"
    assert created[0].after["recommending_states"]
    assert verify_chain().intact


def test_a_changed_text_is_one_audited_update(tmp_path: Path) -> None:
    path = tmp_path / "template.csv"
    path.write_bytes(template("csv"))
    assert run_import(path, "csv").lines == ["created=2 updated=0 unchanged=0 rejected=0"]
    recommendation = Recommendation.objects.get(natural_key="A/HRC/21/3#131.3")
    assert recommendation.version == 1
    changed = path.read_text(encoding="utf-8-sig").replace(
        "as rapidly as possible", "as soon as possible"
    )
    path.write_text(changed, encoding="utf-8")
    start = Event.objects.count()
    run = run_import(path, "csv")
    assert run.lines == ["created=0 updated=1 unchanged=1 rejected=0"]
    updates = Event.objects.filter(seq__gt=start, action="recommendation.import_update")
    assert updates.count() == 1
    event = updates.get()
    assert event.target_id == str(recommendation.pk)
    assert event.before == {
        "text_en": "Introduce a de jure moratorium on the executions as rapidly as possible "
        "(Belgium)"
    }
    assert event.after == {
        "text_en": "Introduce a de jure moratorium on the executions as soon as possible (Belgium)"
    }
    recommendation.refresh_from_db()
    assert recommendation.version == 2
    assert "as soon as possible" in recommendation.search_text
    assert verify_chain().intact


def test_each_template_imports_and_an_unknown_theme_is_an_error(tmp_path: Path) -> None:
    for kind in ("csv", "xlsx", "json"):
        path = tmp_path / f"template.{kind}"
        path.write_bytes(template(kind))
        expected = "created=2" if kind == "csv" else "created=0"
        assert run_import(path, kind).lines[0].startswith(expected), kind
    recommendation = Recommendation.objects.get(natural_key="A/HRC/21/3#129.10")
    assert list(recommendation.themes.values_list("label_en", flat=True)) == [
        "Ratification of & accession to international instruments"
    ]
    assert list(recommendation.recommending_states.values_list("code", flat=True)) == ["PRT"]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "mechanism,state_under_review,document_symbol,paragraph,text_fr,themes\n"
        "CAT,MAR,CAT/C/MAR/CO/4,12,Le Comité recommande…,Death penalty | Droits\n",
        encoding="utf-8",
    )
    run = run_import(bad, "csv")
    assert run.code == 2
    assert run.lines == ["row 2: themes: unknown theme “Droits”."]


def test_state_and_symbol_options_supply_what_the_file_lacks(tmp_path: Path) -> None:
    path = tmp_path / "no-document.csv"
    path.write_text(
        "mechanism;paragraph;text_fr\nCAT;12;Le Comité recommande à l’État partie…\n",
        encoding="utf-8",
    )
    refused = run_import(path, "csv")
    assert refused.code == 2
    assert refused.lines == [
        "row 2: state_under_review: required (or give the State with --state).",
        "row 2: document_symbol: no document symbol (give it with --symbol).",
    ]
    run = run_import(path, "csv", "--state", "Maroc", "--symbol", "CAT/C/MAR/CO/4")
    assert run.lines == ["created=1 updated=0 unchanged=0 rejected=0"]
    recommendation = Recommendation.objects.get()
    assert recommendation.natural_key == "CAT/C/MAR/CO/4#12"
    assert (recommendation.state.code, recommendation.document.document_type) == (
        "MAR",
        "concluding_observations",
    )


def test_records_changed_between_planning_and_writing_abort_the_write(tmp_path: Path) -> None:
    run_import(REPORT_2012, "upr-report")
    text = REPORT_2012.read_text(encoding="utf-8").replace("(Uruguay)", "(Uruguay, Chile)")
    path = tmp_path / REPORT_2012.name
    path.write_text(text, encoding="utf-8")
    plan = plan_import(path, format="upr-report")
    assert (plan.updated, plan.unchanged) == (2, 146)
    Recommendation.objects.filter(natural_key="A/HRC/21/3#129.1").update(version=5)
    before = snapshot()
    with pytest.raises(ImportConflictError):
        import_apply(actor=None, plan=plan)
    assert snapshot() == before


def test_a_key_taken_between_planning_and_writing_aborts_the_write() -> None:
    """The planned creates are inserted in the background (``core.bulk.pipelined``): the
    duplicate key's error is raised there and still aborts everything, as a conflict."""
    from .factories import RecommendationFactory

    plan = plan_import(REPORT_2012, format="upr-report")
    assert plan.created > 100
    RecommendationFactory(natural_key="A/HRC/21/3#131.6")  # a late row of the plan
    before = snapshot()
    with pytest.raises(ImportConflictError):
        import_apply(actor=None, plan=plan)
    assert snapshot() == before


def test_skipped_rows_leave_no_document_behind(tmp_path: Path) -> None:
    from tatabbu.recommendations.models import SourceDocument

    path = tmp_path / "two-documents.csv"
    path.write_text(
        "mechanism,state_under_review,document_symbol,paragraph,text_fr,themes\n"
        "CAT,MAR,CAT/C/MAR/CO/4,12,Le Comité recommande…,Death penalty\n"
        "CRC,MAR,CRC/C/MAR/CO/3-4,21,Le Comité recommande…,Nope\n",
        encoding="utf-8",
    )
    run = run_import(path, "csv", "--skip-invalid")
    assert run.lines == ["created=1 updated=0 unchanged=0 rejected=1"]
    assert list(SourceDocument.objects.values_list("symbol", flat=True)) == ["CAT/C/MAR/CO/4"]
