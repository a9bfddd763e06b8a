"""Queries of the flow whose SQL is built once per process; only one value changes.

Every page of the questionnaire reads its assessment by the token in its address, with
the questionnaire and the organisation joined and the claim check as a subquery, and
most read its answers. Django builds each SELECT anew for every request, and building
them took longer than PostgreSQL took to answer: about half of the assessment's lookup
and two thirds of the answers' read, on the 23 requests of every flow (#16). Here each
query is compiled once, with a stand-in where the value goes; each call runs the same SQL
with its value bound and turns the rows into what the ORM would give (the same
converters, related objects and annotations; ``tests/assessment/test_prepared.py``
compares the two).

It leans on the compiler's parts that ``QuerySet`` itself uses (``select``,
``klass_info``, ``annotation_col_map``, converters and related populators); those tests
are what tells when a Django upgrade moves them. The SQL is kept, so a prepared queryset
must hold no value of the moment (no ``timezone.now()`` in a filter).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db import NotSupportedError, connections
from django.db.models import IntegerField, Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.transaction import TransactionManagementError

M = TypeVar("M", bound=Model)

# Stand for the value while the SQL is compiled; never sent to the database.
_TEXT_STAND_IN = "\x00prepared-query-value"
_NUMBER_STAND_IN = -7_000_123_457


class _Compiled:
    """The SQL of one query on one database, and how to read its rows."""

    def __init__(self, queryset: QuerySet, field: str) -> None:
        model_field = queryset.model._meta.get_field(field)
        target = getattr(model_field, "target_field", model_field)
        stand_in = _NUMBER_STAND_IN if isinstance(target, IntegerField) else _TEXT_STAND_IN
        compiler = queryset.filter(**{field: stand_in}).query.get_compiler(queryset.db)
        self.sql, params = compiler.as_sql()
        if params.count(stand_in) != 1:
            raise NotSupportedError(f"the value of {field} is not one parameter of the query")
        self.params = list(params)
        self.value_at = self.params.index(stand_in)
        self.locks = bool(queryset.query.select_for_update) and (
            compiler.connection.features.has_select_for_update
        )
        self.converters = compiler.get_converters([column[0] for column in compiler.select])
        self.apply_converters = compiler.apply_converters
        klass_info = compiler.klass_info  # None for a values_list()
        if klass_info is not None:
            select = compiler.select
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1]
            self.own_columns = slice(first, last + 1)
            self.attnames = [column[0].target.attname for column in select[self.own_columns]]
            self.populators = get_related_populators(klass_info, select, queryset.db)
            self.annotations = compiler.annotation_col_map

    def rows(self, alias: str, value: object) -> list[Any]:
        connection = connections[alias]
        if self.locks and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(self.params)
        params[self.value_at] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters and rows:
            return list(self.apply_converters(rows, self.converters))
        return rows


class _Prepared:
    def __init__(self, queryset: QuerySet, field: str) -> None:
        self.queryset = queryset
        self.field = field
        self._compiled: dict[str, _Compiled] = {}

    def _run(self, value: object) -> tuple[_Compiled, list[Any]]:
        alias = self.queryset.db
        vendor = connections[alias].vendor
        compiled = self._compiled.get(vendor)
        if compiled is None:
            compiled = self._compiled[vendor] = _Compiled(self.queryset, self.field)
        return compiled, compiled.rows(alias, value)


class PreparedGet(_Prepared, Generic[M]):
    """``queryset.filter(<field>=value).first()`` for a unique ``field``, compiled once.

    ``get(value)`` returns the instance with its ``select_related`` objects and
    annotations, or None. A query that locks (``select_for_update``) is refused outside a
    transaction, as the ORM refuses it.
    """

    def __init__(self, queryset: QuerySet[M], field: str) -> None:
        if not queryset.model._meta.get_field(field).unique:
            raise NotSupportedError(f"{field} is not unique: a prepared get reads one row")
        if (
            queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups
            or queryset.query.deferred_loading != (frozenset(), True)
            or queryset.query.extra_select
        ):
            raise NotSupportedError("only whole model instances can be prepared")
        super().__init__(queryset, field)

    def get(self, value: object) -> M | None:
        compiled, rows = self._run(value)
        if not rows:
            return None
        row = rows[0]
        instance = self.queryset.model.from_db(
            self.queryset.db, compiled.attnames, row[compiled.own_columns]
        )
        for populator in compiled.populators:
            populator.populate(row, instance)
        for name, position in compiled.annotations.items():
            setattr(instance, name, row[position])
        return instance


class PreparedRows(_Prepared):
    """``queryset.filter(<field>=value)`` of a ``values_list()`` queryset, compiled once:
    ``rows(value)`` gives its rows as tuples."""

    def __init__(self, queryset: QuerySet, field: str) -> None:
        if queryset._iterable_class is not ValuesListIterable or queryset.query.extra_select:
            raise NotSupportedError("only a values_list() of columns can be prepared")
        super().__init__(queryset, field)

    def rows(self, value: object) -> list[tuple]:
        _compiled, rows = self._run(value)
        return [tuple(row) for row in rows]
