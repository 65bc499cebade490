import pytest

from events.ingest import lexicon
from events.text import fold


@pytest.mark.parametrize(
    "name, key",
    [
        ("  Juan  Guaidó ", "juan guaido"),
        ("juan guaido", "juan guaido"),
        ("U.S.", "us"),
        ("US", "us"),
        ("Al-Sisi", "al sisi"),
        ("O’Brien", "o'brien"),
        ("ＵＮ", "un"),  # full-width letters fold to plain ones
    ],
)
def test_fold_ignores_case_accents_punctuation_and_spacing(name, key):
    assert fold(name) == key


@pytest.mark.parametrize("name", ["U.S.", "Guaidó", "Al-Sisi", "O’Brien", "the  E.U.", "Nicolás Maduro Moros"])
def test_the_lexicon_looks_names_up_by_the_same_key(name):
    # The ingest stages must find an actor under the key the database stores its aliases by.
    assert lexicon.fold(name) == fold(name)
