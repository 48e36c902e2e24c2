"""The plan's spool: operations staged on disk come back in order, in chunks of the size asked,
whatever the number of operations against the spool's own batch size."""

from __future__ import annotations

import pytest

from tatabbu.recommendations.importers.pipeline import Spool


@pytest.mark.parametrize(
    ("count", "size"),
    [(0, 1000), (1, 1000), (999, 1000), (1000, 1000), (1001, 1000), (2500, 700), (3001, 1000)],
)
def test_spool_returns_every_operation_in_order_in_chunks_of_the_size_asked(
    count: int, size: int
) -> None:
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
