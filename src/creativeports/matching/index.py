"""The process's in-memory vector index, reloaded when the stored vectors change.

Every web process and worker holds the vectors of the current embedder as two matrices (needs
and profiles). IndexVersion's token says when to reload; it is read at most once a second, so a
request pays for no query at all most of the time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from creativeports.common.page_cache import VersionMemo
from creativeports.directory.listing.changes import directory_version
from creativeports.matching.embedder import embedder_current
from creativeports.matching.engine.centring import LanguageCentres
from creativeports.matching.engine.embedding import Matrix
from creativeports.matching.engine.index import VectorIndex
from creativeports.matching.models import IndexVersion, ProfileVector
from creativeports.matching.models.vector import VectorKind

CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class MatchIndex:
    token: str
    needs: VectorIndex  # needs embedded as queries, language-centred
    profiles: VectorIndex  # profiles embedded as passages, language-centred
    # The language codes of both parts, and the query role's means: a typed need is centred with
    # them before it is compared with the profiles (engine.centring).
    codes: dict[str, int] = field(default_factory=dict)
    query_centres: LanguageCentres | None = None

    @property
    def nbytes(self) -> int:
        return self.needs.nbytes + self.profiles.nbytes

    def query(self, vector: Matrix, language: str) -> Matrix:
        """A need embedded as a query, in the index's space: centred for its detected language
        ("" when unknown: the overall mean)."""
        if self.query_centres is None:
            return vector
        return self.query_centres.centred_vector(vector, self.codes.get(language))


def _token() -> str:
    return IndexVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def build(token: str | None = None) -> MatchIndex | None:
    """Read the vectors of the current embedder; None without an embedder."""
    embedder = embedder_current()
    if embedder is None:
        return None
    token = _token() if token is None else token
    parts: dict[str, tuple[list[int], list[bytes], list[int]]] = {kind: ([], [], []) for kind in VectorKind.values}
    codes: dict[str, int] = {}
    rows = ProfileVector.objects.filter(embedder=embedder.name).values_list(
        "organisation_id",
        "kind",
        "vector",
        "organisation__needs_lang",
        "organisation__offers_lang",
        "organisation__description_lang",
    )
    for organisation_id, kind, vector, needs_lang, offers_lang, description_lang in rows.iterator(chunk_size=5000):
        ids, blobs, languages = parts[kind]
        ids.append(organisation_id)
        blobs.append(bytes(vector))
        # The language the text is mostly in ("" when unknown: a group of its own).
        language = needs_lang if kind == VectorKind.NEEDS else (offers_lang or description_lang)
        languages.append(codes.setdefault(language or "", len(codes)))
    indexes = {}
    centres: dict[str, LanguageCentres] = {}
    unknown = codes.get("")
    for kind, (ids, blobs, languages) in parts.items():
        if ids:
            matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(ids), embedder.dim)
            language_codes = np.asarray(languages, dtype=np.int16)
            centres[kind] = LanguageCentres.of(matrix, language_codes, unknown=unknown)
            indexes[kind] = VectorIndex.build(
                ids,
                centres[kind].centred(matrix, language_codes),
                language_codes,
                approximate_above=settings.CREATIVEPORTS_MATCH_APPROXIMATE_ABOVE,
            )
        else:
            indexes[kind] = VectorIndex.empty(embedder.dim)
    return MatchIndex(
        token=token,
        needs=indexes[VectorKind.NEEDS],
        profiles=indexes[VectorKind.PROFILE],
        codes=codes,
        query_centres=centres.get(VectorKind.NEEDS),
    )


class _Holder:
    def __init__(self) -> None:
        self.index: MatchIndex | None = None
        self.checked = 0.0
        self.lock = threading.Lock()

    def get(self) -> MatchIndex | None:
        now = time.monotonic()
        if self.index is not None and now - self.checked < CHECK_SECONDS:
            return self.index
        token = _token()
        self.checked = now
        if self.index is not None and self.index.token == token:
            return self.index
        with self.lock:
            if self.index is None or self.index.token != token:
                self.index = build(token)
        return self.index

    def reset(self) -> None:
        self.index, self.checked = None, 0.0


_holder = _Holder()


def match_index_current() -> MatchIndex | None:
    """The current index, or None when there is no embedder."""
    return _holder.get()


def match_index_reset() -> None:
    """Forget the loaded index (tests switch databases and embedders)."""
    _holder.reset()


def _matching_token() -> str:
    tokens = IndexVersion.objects.filter(pk=1).values_list("token", "lists").first() or ("", "")
    return f"{directory_version()}:{tokens[0]}:{tokens[1]}"


# The version of everything a recommendation or partner search shows, for the page cache: the
# directory's data, the vectors and the stored match lists (with dismissals).
matching_version = VersionMemo(_matching_token)
