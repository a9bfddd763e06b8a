"""A lookup of one row by a unique field whose SQL is built once per process.

Every page of the questionnaire reads its assessment by the token in its address, with
the questionnaire and the organisation joined and the claim check as a subquery. Django
builds that SELECT (some fifty columns, the joins, the EXISTS) anew for every request,
and building it took longer than PostgreSQL took to answer it: about half of each lookup,
on the 23 requests of every flow (#16). Only the token changes, so :class:`PreparedGet`
compiles the query once, with a stand-in where the value goes, and then runs the same SQL
with each value bound and makes the instances as the ORM's own iterator does (the same
converters, related objects and annotations; ``tests/assessment/test_prepared.py``
compares the two field by field).

It leans on the compiler's parts that ``QuerySet`` itself uses (``select``,
``klass_info``, ``annotation_col_map``, converters and related populators); those tests
are what tells when a Django upgrade moves them.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db import NotSupportedError, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.db.transaction import TransactionManagementError

M = TypeVar("M", bound=Model)

# Stands for the looked-up value while the SQL is compiled; never sent to the database.
_STAND_IN = "\x00prepared-lookup-value"


class _Compiled:
    """The SQL of one query shape on one database, and how to turn its row into objects."""

    def __init__(self, queryset: QuerySet, field: str) -> None:
        compiler = queryset.filter(**{field: _STAND_IN}).query.get_compiler(queryset.db)
        self.sql, params = compiler.as_sql()
        if params.count(_STAND_IN) != 1:
            raise NotSupportedError(f"the value of {field} is not one parameter of the query")
        self.params = list(params)
        self.value_at = self.params.index(_STAND_IN)
        self.locks = bool(queryset.query.select_for_update) and (
            compiler.connection.features.has_select_for_update
        )
        select, klass_info = compiler.select, compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1]
        self.own_columns = slice(first, last + 1)
        self.attnames = [column[0].target.attname for column in select[self.own_columns]]
        self.populators = get_related_populators(klass_info, select, queryset.db)
        self.annotations = compiler.annotation_col_map
        self.converters = compiler.get_converters([column[0] for column in select])
        self.apply_converters = compiler.apply_converters


class PreparedGet(Generic[M]):
    """``queryset.filter(<field>=value).first()`` for a unique ``field``, compiled once.

    ``get(value)`` returns the instance with its ``select_related`` objects and
    annotations, or None. A query that locks (``select_for_update``) is refused outside a
    transaction, as the ORM refuses it. The SQL is kept, so the queryset must hold no value
    of the moment (no ``timezone.now()`` in a filter): only the looked-up value changes.
    """

    def __init__(self, queryset: QuerySet[M], field: str) -> None:
        model_field = queryset.model._meta.get_field(field)
        if not model_field.unique:
            raise NotSupportedError(f"{field} is not unique: a prepared get reads one row")
        if (
            queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups
            or queryset.query.deferred_loading != (frozenset(), True)
            or queryset.query.extra_select
        ):
            raise NotSupportedError("only whole model instances can be prepared")
        self.queryset = queryset
        self.field = field
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, alias: str) -> _Compiled:
        vendor = connections[alias].vendor
        compiled = self._compiled.get(vendor)
        if compiled is None:
            compiled = self._compiled[vendor] = _Compiled(self.queryset, self.field)
        return compiled

    def get(self, value: object) -> M | None:
        alias = self.queryset.db
        compiled = self._for(alias)
        connection = connections[alias]
        if compiled.locks and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(compiled.params)
        params[compiled.value_at] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(iter(compiled.apply_converters([row], compiled.converters)))
        instance = self.queryset.model.from_db(alias, compiled.attnames, row[compiled.own_columns])
        for populator in compiled.populators:
            populator.populate(row, instance)
        for name, position in compiled.annotations.items():
            setattr(instance, name, row[position])
        return instance
