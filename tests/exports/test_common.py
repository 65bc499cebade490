import pytest

from events.exports.common import neutralise, unneutralise
from tests.exports import INJECTIONS


@pytest.mark.parametrize(("value", "expected"), INJECTIONS)
def test_neutralise_prefixes_formula_cells_and_is_reversible(value, expected):
    assert neutralise(value) == expected
    assert unneutralise(neutralise(value)) == value
