"""The assessment vocabulary: every phrase of the level scale, its variants, and user extensions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import styranalys as sa
from styranalys.contract import DEFAULT_PHRASES


@pytest.mark.parametrize("phrase, level", [
    ("Grunduppdraget uppnås", 4), ("Grunduppdraget uppnås till stor del", 3),
    ("Grunduppdraget uppnås delvis", 2), ("Grunduppdraget uppnås inte", 1),
    ("Kvalitén uppnås", 4), ("Kvalitén är på väg att uppnås", 3),
    ("Kvalitén är på väg att inte uppnås", 2), ("Kvalitén uppnås inte", 1),
    ("Målet är uppfyllt", 4), ("Målet är på väg att uppfyllas", 3),
    ("Målet är på väg att inte uppfyllas", 2), ("Målet är inte uppfyllt", 1),
    # case, spacing, trailing punctuation and spelling variants never matter
    ("  MÅLET ÄR UPPFYLLT. ", 4), ("Kvaliteten är på väg att uppnås!", 3),
    ("Kvalitén\u00a0är på väg att  inte uppnås", 2), ("Målet är ej uppfyllt", 1),
    ("Kvaliten uppnås ej", 1), ("Målet bedöms bli uppfyllt", 4),
    ("uppfyllt", 4), ("Delvis uppfyllt", 2), ("Ej uppfyllt", 1),
    ("Grön", 4), ("gul", 2), ("Röd", 1), ("3", 3), (2.0, 2),
    ("Ej bedömd", None), ("", None), ("..", None),
])
def test_phrases_map_to_the_unified_scale(phrase, level):
    known, found = sa.Vocabulary.default().level(phrase)
    assert known
    assert found == level


@pytest.mark.parametrize("phrase", ["Målet är kanske", "5", "Blå", 7])
def test_unknown_phrases_are_not_guessed(phrase):
    assert sa.Vocabulary.default().level(phrase) == (False, None)


def test_every_default_phrase_is_unique_after_normalisation_or_agrees():
    vocab = sa.Vocabulary.default()
    for phrase, level in DEFAULT_PHRASES:
        assert vocab.level(phrase) == (True, level), phrase


def test_extend_with_a_mapping_and_a_file(tmp_path: Path):
    vocab = sa.Vocabulary.default().extend({"Helt i mål": 4})
    assert vocab.level("helt i mål.") == (True, 4)
    assert sa.Vocabulary.default().level("Helt i mål") == (False, None)
    path = tmp_path / "fraser.csv"
    path.write_text("fras;niva\nNästan i mål;3\nInte påbörjat;\n", encoding="utf-8")
    vocab = vocab.extend(path)
    assert vocab.level("Nästan i mål") == (True, 3)
    assert vocab.level("inte påbörjat") == (True, None)
    assert vocab.fingerprint() != sa.Vocabulary.default().fingerprint()


def test_a_level_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="1, 2, 3, 4"):
        sa.Vocabulary.default().extend({"Superbra": 5})


def test_levels_is_vectorised_and_agrees_with_level():
    phrases = pd.Series(["Målet är uppfyllt", None, "okänd", "Gul", "Målet är uppfyllt"],
                        dtype="string")
    known, levels = sa.Vocabulary.default().levels(phrases)
    assert known.tolist() == [True, True, False, True, True]
    assert levels.tolist() == [4, pd.NA, pd.NA, 2, 4]
