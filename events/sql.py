"""Small SQL shapes the ORM does not spell the way PostgreSQL plans best."""

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, Value


class EqualsAnyIds(Func):
    """`column = ANY('{1,2,3}'::bigint[])`: the ids travel as one text parameter."""

    template = "%(expressions)s::bigint[])"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def among(field: str, ids: list[int], using: str = "default") -> Q:
    """`field IN ids`. On PostgreSQL as `field = ANY(…)` with one parameter, an array literal written here:
    quoting 1,000 separate parameters, or letting the driver adapt a list of 1,000 ints, costs more than
    the lookups themselves."""
    if connections[using].vendor == "postgresql":
        return Q(EqualsAnyIds(F(field), Value("{" + ",".join(str(int(pk)) for pk in ids) + "}")))
    return Q(**{f"{field}__in": ids})
