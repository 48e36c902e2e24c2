"""FUZZ-1 (properties): whatever the bytes, the pipeline returns a report — a file error or row
errors — and never raises; a row built from the template's schema always imports."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tatabbu.recommendations.importers import plan_import
from tatabbu.recommendations.importers.generic import COLUMNS

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADER = "mechanism,state_under_review,document_symbol,paragraph,text_fr,themes\n"


def _plan(content: bytes, format: str, suffix: str):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"fuzz{suffix}"
        path.write_bytes(content)
        plan = plan_import(path, format=format)
        plan.close()
        return plan


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(content: bytes) -> None:
    for format, suffix in (
        ("csv", ".csv"),
        ("json", ".json"),
        ("upr-report", ".txt"),
        ("uhri", ".csv"),
        ("xlsx", ".xlsx"),
    ):
        plan = _plan(content, format, suffix)
        assert plan.file_error is not None or plan.total_rows >= 0


@FUZZ
@given(st.lists(st.lists(st.text(max_size=40), min_size=0, max_size=8), max_size=20))
def test_arbitrary_csv_cells_never_raise(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
    plan = _plan((HEADER + buffer.getvalue()).encode("utf-8", "surrogatepass"), "csv", ".csv")
    assert plan.file_error is not None or plan.error_count >= 0


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "paragraph": st.from_regex(r"[1-9][0-9]{0,2}(\.[1-9][0-9]{0,2})?", fullmatch=True),
                "text_fr": st.text(
                    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200
                ).filter(str.strip),
                "position": st.sampled_from(["", "supported", "noted", "pending"]),
                "action_category": st.sampled_from(["", "1", "5"]),
            }
        ),
        min_size=1,
        max_size=15,
        unique_by=lambda row: row["paragraph"],
    )
)
def test_rows_built_from_the_schema_import(rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                **dict.fromkeys(COLUMNS, ""),
                **row,
                "mechanism": "CAT",
                "state_under_review": "MAR",
                "document_symbol": "CAT/C/MAR/CO/4",
            }
        )
    plan = _plan(buffer.getvalue().encode("utf-8"), "csv", ".csv")
    assert plan.is_valid, [issue.as_line() for issue in plan.errors[:3]]
    assert plan.created == len(rows)
