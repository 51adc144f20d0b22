"""Writing profile vectors: embed what changed, store it, tell every process to reload its index."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable

import numpy as np
from django.db import transaction

from creativeports.directory.models import Organisation
from creativeports.matching.embedder import embedder_current
from creativeports.matching.index import match_index_reset
from creativeports.matching.models import IndexVersion, ProfileVector
from creativeports.matching.models.vector import VectorKind
from creativeports.matching.texts import needs_text, profile_text

# Texts per embedder call: large enough to use both cores, small enough to report progress often.
EMBED_BATCH = 32
TEXTS = {VectorKind.NEEDS: needs_text, VectorKind.PROFILE: profile_text}
Progress = Callable[[int, int], None]


def text_hash(embedder: str, text: str) -> str:
    return hashlib.sha256(f"{embedder}\x1f{text}".encode()).hexdigest()


def index_version_bump() -> None:
    """A new token: every process reloads its in-memory index on its next read."""
    token = uuid.uuid4().hex
    if not IndexVersion.objects.filter(pk=1).update(token=token):
        IndexVersion.objects.update_or_create(pk=1, defaults={"token": token})
    match_index_reset()  # this process at once; the others within a second


def profile_vectors_refresh(*, ids: Iterable[int] | None = None, progress: Progress | None = None) -> int:
    """Embed the needs and profile texts of the organisations `ids` (all when None) whose text or
    embedder changed since they were stored; delete vectors of texts now empty. Returns how many
    texts were embedded. Without an embedder it does nothing and returns 0."""
    embedder = embedder_current()
    if embedder is None:
        return 0
    organisations = Organisation.objects.filter(merged_into__isnull=True).order_by("pk")
    if ids is not None:
        organisations = organisations.filter(pk__in=list(ids))
    rows = organisations.values("pk", "name", "description", "offers", "needs")
    stored = {
        (organisation_id, kind): hash_
        for organisation_id, kind, hash_ in ProfileVector.objects.filter(
            organisation__in=organisations.values("pk")
        ).values_list("organisation_id", "kind", "text_hash")
    }
    todo: list[tuple[int, str, str, str]] = []  # organisation, kind, text, hash
    empty: list[tuple[int, str]] = []
    kind: str
    for row in rows.iterator(chunk_size=2000):
        for kind, text_of in TEXTS.items():
            text = text_of(row)
            if not text:
                if (row["pk"], kind) in stored:
                    empty.append((row["pk"], kind))
                continue
            hash_ = text_hash(embedder.name, text)
            if stored.get((row["pk"], kind)) != hash_:
                todo.append((row["pk"], kind, text, hash_))
    for organisation_id, kind in empty:
        ProfileVector.objects.filter(organisation_id=organisation_id, kind=kind).delete()
    done = 0
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors = _embed(batch)
        with transaction.atomic():
            for (organisation_id, kind, _text, hash_), vector in zip(batch, vectors, strict=True):
                ProfileVector.objects.update_or_create(
                    organisation_id=organisation_id,
                    kind=kind,
                    defaults={"embedder": embedder.name, "text_hash": hash_, "vector": vector.astype("<f4").tobytes()},
                )
        done += len(batch)
        if progress:
            progress(done, len(todo))
    if todo or empty:
        index_version_bump()
    return done


def _embed(batch: list[tuple[int, str, str, str]]) -> list[np.ndarray]:
    embedder = embedder_current()
    assert embedder is not None  # noqa: S101  # checked by the caller
    queries = [i for i, item in enumerate(batch) if item[1] == VectorKind.NEEDS]
    passages = [i for i, item in enumerate(batch) if item[1] != VectorKind.NEEDS]
    out: list[np.ndarray] = [np.empty(0)] * len(batch)
    for positions, embed in ((queries, embedder.queries), (passages, embedder.passages)):
        if positions:
            matrix = embed([batch[i][2] for i in positions])
            for i, row in zip(positions, matrix, strict=True):
                out[i] = row
    return out
