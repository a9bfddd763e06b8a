"""Every dimension key gets a score column (DimensionSlot) the first time the facts are
refreshed after it appears, and keeps it: a new questionnaire version's new key gets the
next free one, the old keys keep theirs."""

from __future__ import annotations

import pytest

from portal.center import facts
from portal.center.models import DimensionSlot
from tests.assessment.factories import build_questionnaire

pytestmark = pytest.mark.django_db


def slot_map() -> dict[str, int]:
    return dict(DimensionSlot.objects.values_list("key", "slot"))


def test_a_new_dimension_key_gets_the_next_free_slot_and_old_keys_keep_theirs():
    build_questionnaire([("a", 1, [{"key": "qa"}]), ("b", 1, [{"key": "qb"}])])
    facts.refresh()
    first = slot_map()
    assert first.keys() == {"a", "b"}
    assert sorted(first.values()) == [1, 2]

    build_questionnaire([("b", 1, [{"key": "qb2"}]), ("c", 1, [{"key": "qc"}])])
    assert facts.ensure_slots() == {**first, "c": 3}
    assert slot_map() == {**first, "c": 3}
