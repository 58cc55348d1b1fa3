"""SQL expressions that SQLite and PostgreSQL spell differently, so that report queries are
written once and run in the database on both.

Scores are stored as exact fractions in text ("7/3", see `types.ExactFraction`); reports
aggregate them as floating-point numbers, which is precise enough for shares and means.
"""

from __future__ import annotations

from sqlalchemy import Date, Float, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class fraction_value(FunctionElement):
    """A stored fraction ("7/3", "2", "-1/2") as a float; NULL stays NULL."""

    type = Float()
    inherit_cache = True
    name = "fraction_value"


class week_start(FunctionElement):
    """The Monday (UTC) of a timestamp's week, as a date."""

    type = Date()
    inherit_cache = True
    name = "week_start"


class layout_question_ids(FunctionElement):
    """The JSON text of an attempt layout's `question_ids` list: the questions it showed."""

    type = Text()
    inherit_cache = True
    name = "layout_question_ids"


def _argument(element, compiler, **kw) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(fraction_value, "sqlite")
def _fraction_sqlite(element, compiler, **kw) -> str:
    x = _argument(element, compiler, **kw)
    slash = f"instr({x}, '/')"
    return (
        f"(CASE WHEN {slash} > 0 THEN CAST(substr({x}, 1, {slash} - 1) AS REAL)"
        f" / CAST(substr({x}, {slash} + 1) AS REAL) ELSE CAST({x} AS REAL) END)"
    )


@compiles(fraction_value, "postgresql")
def _fraction_postgresql(element, compiler, **kw) -> str:
    x = _argument(element, compiler, **kw)
    return (
        f"(CASE WHEN strpos({x}, '/') > 0 THEN CAST(split_part({x}, '/', 1) AS double precision)"
        f" / CAST(split_part({x}, '/', 2) AS double precision)"
        f" ELSE CAST({x} AS double precision) END)"
    )


@compiles(week_start, "sqlite")
def _week_sqlite(element, compiler, **kw) -> str:
    # Back six days, then forward to the next Monday: the Monday on or before the day.
    return f"date({_argument(element, compiler, **kw)}, '-6 days', 'weekday 1')"


@compiles(week_start, "postgresql")
def _week_postgresql(element, compiler, **kw) -> str:
    x = _argument(element, compiler, **kw)
    return f"CAST(date_trunc('week', {x} AT TIME ZONE 'UTC') AS date)"


@compiles(layout_question_ids, "sqlite")
def _layout_sqlite(element, compiler, **kw) -> str:
    return f"json_extract({_argument(element, compiler, **kw)}, '$.question_ids')"


@compiles(layout_question_ids, "postgresql")
def _layout_postgresql(element, compiler, **kw) -> str:
    return f"CAST(({_argument(element, compiler, **kw)} -> 'question_ids') AS text)"
