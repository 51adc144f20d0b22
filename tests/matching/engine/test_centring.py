"""Language centring: a language's shared direction is taken out, so meaning decides the ranking."""

from __future__ import annotations

import numpy as np
import pytest

from creativeports.matching.engine.centring import CENTRE_WEIGHT, SHRINK, LanguageCentres

pytestmark = pytest.mark.unit

DIM = 16


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _axis(i: int) -> np.ndarray:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[i] = 1.0
    return vector


def _texts(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Twenty texts in each of two languages over eight topics: each text is its topic plus a
    strong direction its language gives every text (as multilingual embedders do), plus noise."""
    rows, codes = [], []
    for code, language_axis in ((0, 14), (1, 15)):
        for n in range(20):
            rows.append(_unit(_axis(n % 8) + 1.2 * _axis(language_axis) + 0.05 * rng.normal(size=DIM)))
            codes.append(code)
    return np.array(rows, dtype=np.float32), np.array(codes, dtype=np.int16), {"lv": 0, "de": 1}


def test_a_need_finds_its_topic_in_the_other_language_once_centred():
    rng = np.random.default_rng(7)
    matrix, codes, languages = _texts(rng)
    # A Latvian need about topic 3: the German text about topic 3 is the right answer; a Latvian
    # text about topic 4 only shares the language.
    need = _unit(_axis(3) + 1.2 * _axis(14))
    german_topic = _unit(_axis(3) + 1.2 * _axis(15))
    latvian_other = _unit(_axis(4) + 1.2 * _axis(14))
    candidates = np.stack([german_topic, latvian_other])
    candidate_codes = np.array([languages["de"], languages["lv"]], dtype=np.int16)
    centres = LanguageCentres.of(matrix, codes)

    raw = candidates @ need
    centred = centres.centred(candidates, candidate_codes) @ centres.centred_vector(need, languages["lv"])

    assert raw[1] > raw[0]  # as they come, the shared language wins
    assert centred[0] > centred[1]  # centred, the shared topic does


def test_centred_rows_are_unit_length_and_lose_their_languages_share():
    rng = np.random.default_rng(3)
    matrix, codes, _languages = _texts(rng)
    centres = LanguageCentres.of(matrix, codes)

    centred = centres.centred(matrix, codes)

    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)
    expected = matrix - CENTRE_WEIGHT * centres.by_code[codes]
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(centred, expected, atol=1e-6)
    # The language direction shrinks: the mean of a language's centred rows points less along it.
    assert centred[codes == 0].mean(axis=0)[14] < matrix[codes == 0].mean(axis=0)[14]


def test_a_small_language_is_pulled_towards_the_overall_mean_and_unknown_uses_it():
    matrix = np.stack([_axis(0), _axis(0), _axis(0), _axis(1), _axis(2)]).astype(np.float32)
    codes = np.array([0, 0, 0, 1, 2], dtype=np.int16)  # code 2: language unknown
    centres = LanguageCentres.of(matrix, codes, unknown=2)

    overall = matrix.mean(axis=0)
    assert np.allclose(centres.overall, overall)
    assert np.allclose(centres.by_code[1], (_axis(1) + SHRINK * overall) / (1 + SHRINK))
    assert np.allclose(centres.by_code[0], (3 * _axis(0) + SHRINK * overall) / (3 + SHRINK))
    assert np.allclose(centres.by_code[2], overall)
    assert np.allclose(centres.centre_of(None), overall)
    assert np.allclose(centres.centre_of(9), overall)  # a language the index has never seen


def test_no_texts_no_centres():
    centres = LanguageCentres.of(np.zeros((0, DIM), dtype=np.float32), np.zeros(0, dtype=np.int16))

    assert centres.centred(np.zeros((0, DIM), dtype=np.float32), np.zeros(0, dtype=np.int16)).shape == (0, DIM)
    assert np.allclose(np.linalg.norm(centres.centred_vector(_unit(_axis(1)), None)), 1.0)
