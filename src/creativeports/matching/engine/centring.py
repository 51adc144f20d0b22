"""Language centring: part of each language's mean vector taken out of the vectors of its texts.

Multilingual embedders place the texts of one language in a region of their own: two texts in
Latvian look somewhat alike whatever they are about, so a need written in Latvian prefers Latvian
offers to better ones in German. Subtracting the language's mean vector removes much of that
"language identity" while keeping the meaning (Libovický, Rosa and Fraser, "On the Language
Neutrality of Pre-trained Multilingual Representations", Findings of EMNLP 2020). The semantic
scaling's per-language z-scores (scoring.semantic_scaled) correct what is left.

Each role has its own means: E5 embeds needs with the "query: " prefix and profiles with
"passage: ", and the two sit in different places. A language with few texts has a noisy mean,
so its mean is pulled towards the overall one as if the overall mean had been seen SHRINK more
times; texts of unknown language use the overall mean.

On bench/match_eval (docs/matching-quality.md), removing half of the mean raised the
cross-language recall@5 of the search blend from 0.70 to 0.74 (MRR 0.63 to 0.67; same-language
1.00 to 0.96). Removing 30 to 60 % gave 2 to 7 points, the whole mean less: the exact share
matters little, half is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from creativeports.matching.engine.embedding import Matrix, normalised

# The share of a language's mean that is removed.
CENTRE_WEIGHT = 0.5
# A language's mean is shrunk towards the overall mean as if it had this many more texts.
SHRINK = 5.0
# What the vectors compared were made with, for the stored match lists' method fingerprint.
CENTRING = f"language-centred:{CENTRE_WEIGHT}:{SHRINK}"

Codes = npt.NDArray[np.int16]


@dataclass(frozen=True)
class LanguageCentres:
    """The overall mean vector of one role, and one (shrunk) mean per language code."""

    overall: Matrix  # (dim,)
    by_code: Matrix  # (number of codes, dim); the unknown language's row is the overall mean

    @classmethod
    def of(cls, matrix: Matrix, languages: Codes, *, unknown: int | None = None) -> LanguageCentres:
        """The means of `matrix`'s rows by their language code; `unknown` is the code of rows
        whose language is not known (they use the overall mean)."""
        dim = matrix.shape[1]
        if not len(matrix):
            zeros = np.zeros(dim, dtype=np.float32)
            return cls(overall=zeros, by_code=np.zeros((0, dim), dtype=np.float32))
        codes = languages.astype(np.intp, copy=False)
        count = int(codes.max()) + 1
        overall = matrix.mean(axis=0, dtype=np.float64)
        sums = np.zeros((count, dim), dtype=np.float64)
        for code in np.unique(codes):  # a dozen languages: a masked sum each is 30 times faster than np.add.at
            sums[code] = matrix[codes == code].sum(axis=0, dtype=np.float64)
        sizes = np.bincount(codes, minlength=count).astype(np.float64)[:, None]
        by_code = (sums + SHRINK * overall) / (sizes + SHRINK)
        if unknown is not None and unknown < count:
            by_code[unknown] = overall
        return cls(overall=overall.astype(np.float32), by_code=by_code.astype(np.float32))

    def centre_of(self, code: int | None) -> Matrix:
        """The mean removed from a text of language `code` (None or unseen: the overall mean)."""
        if code is None or not 0 <= code < len(self.by_code):
            return self.overall
        row: Matrix = self.by_code[code]
        return row

    def centred(self, matrix: Matrix, languages: Codes) -> Matrix:
        """Every row with its language's share removed, L2-normalised again."""
        if not len(matrix):
            return matrix
        # One copy of the matrix, changed in place: at 100,000 vectors each copy is 150 MB.
        shifted = np.array(matrix, dtype=np.float32)
        shifted -= CENTRE_WEIGHT * self.by_code[languages.astype(np.intp, copy=False)]
        return normalised(shifted, in_place=True)

    def centred_vector(self, vector: Matrix, code: int | None) -> Matrix:
        """One vector (a query) centred like the rows of its language."""
        row: Matrix = normalised((vector - CENTRE_WEIGHT * self.centre_of(code))[None, :])[0]
        return row
