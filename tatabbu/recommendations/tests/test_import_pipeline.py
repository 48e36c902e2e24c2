"""The plan's spool: operations staged in memory or on disk come back in order, in chunks of the
size asked, whatever the number of operations against the spool's batch size and memory bound."""

from __future__ import annotations

import pytest

from tatabbu.recommendations.importers.pipeline import Spool


@pytest.mark.parametrize("in_memory", [0, 1000, 2000, Spool.IN_MEMORY])
@pytest.mark.parametrize(
    ("count", "size"),
    [(0, 1000), (1, 1000), (999, 1000), (1000, 1000), (1001, 1000), (2500, 700), (3001, 1000)],
)
def test_spool_returns_every_operation_in_order_in_chunks_of_the_size_asked(
    count: int, size: int, in_memory: int, monkeypatch
) -> None:
    monkeypatch.setattr(Spool, "IN_MEMORY", in_memory)
    spool = Spool()
    operations = [
        {"op": "create", "row": row, "relations": {"themes": (row, 1)}} for row in range(count)
    ]
    for operation in operations:
        spool.append(operation)
    chunks = list(spool.chunks(size))
    spool.close()
    assert spool.count == count
    assert [operation for chunk in chunks for operation in chunk] == operations
    assert [len(chunk) for chunk in chunks] == [
        min(size, count - start) for start in range(0, count, size)
    ]


def test_operations_beyond_the_memory_bound_are_on_disk(monkeypatch) -> None:
    monkeypatch.setattr(Spool, "IN_MEMORY", 2000)
    spool = Spool()
    for row in range(2000):
        spool.append({"row": row})
    assert spool._file is None
    for row in range(2000, 2500):
        spool.append({"row": row})
    list(spool.chunks(1000))
    assert spool._file is not None and spool._batches == 3
    spool.close()


@pytest.mark.django_db
def test_a_document_is_validated_once_per_import_and_every_bad_row_still_reports() -> None:
    from tatabbu.recommendations.importers.base import Candidate, ParseOptions
    from tatabbu.recommendations.importers.validation import Vocabulary, validate

    vocabulary = Vocabulary()

    def candidate(row: int, mechanism: str) -> Candidate:
        return Candidate(
            row=row,
            natural_key=f"k{row}",
            mechanism=mechanism,
            state="Morocco",
            symbol="A/HRC/21/3",
            cycle="2",
            paragraph=str(row),
            text_en="Ratify the convention.",
        )

    first, second = (validate(candidate(n, "UPR"), vocabulary, ParseOptions()) for n in (1, 2))
    assert first.document is second.document is not None
    assert first.document.symbol == "A/HRC/21/3"
    bad = [candidate(n, "no such mechanism") for n in (3, 4)]
    for item in bad:
        assert validate(item, vocabulary, ParseOptions()).record is None
        assert [issue.code for issue in item.issues] == ["unknown_mechanism"]
