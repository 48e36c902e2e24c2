"""Natural order of paragraph numbers ("129.9" before "129.10" before "130.1")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Expression, F, IntegerField
from django.db.models.sql.compiler import SQLCompiler

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz§ "


class ParagraphNumber(Expression):
    """The first (``part=1``) or second (``part=2``) number of a paragraph reference such as
    ``144.44``, ``R21`` or ``144.44P1``; 0 when there is none."""

    output_field = IntegerField()

    def __init__(self, field: str, *, part: int) -> None:
        super().__init__(output_field=IntegerField())
        self.column = F(field)
        self.part = part

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.column,) = expressions

    def as_sqlite(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.column)
        if self.part == 1:
            return f"CAST(ltrim({sql}, %s) AS INTEGER)", [*params, _LETTERS]
        return (
            f"(CASE WHEN instr({sql}, '.') > 0 "
            f"THEN CAST(substr({sql}, instr({sql}, '.') + 1) AS INTEGER) ELSE 0 END)",
            [*params, *params, *params],
        )

    def as_postgresql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.column)
        pattern = r"^\D*(\d{1,9})" if self.part == 1 else r"^\D*\d+\.(\d{1,9})"
        return f"COALESCE(CAST(substring({sql} from %s) AS integer), 0)", [*params, pattern]

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError(connection.vendor)
