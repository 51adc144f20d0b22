#!/usr/bin/env python3
"""Validate the partner-matching evaluation set and print its counts.

Loads `profiles.json` and `queries.json` from this folder, checks them (unique keys, allowed
languages / countries / types / domains, non-empty texts, every relevant key exists, a query's
`from` profile exists and is not among its relevant profiles) and prints a table of counts per
language. Exit code 1 if anything is wrong, 0 otherwise.

    python3 bench/match_eval/check.py              # plain-text table
    python3 bench/match_eval/check.py --markdown   # the same counts as Markdown (for README.md)

Standard library only; no Django needed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROFILES_PATH = HERE / "profiles.json"
QUERIES_PATH = HERE / "queries.json"

LANGUAGES = ("en", "de", "pl", "da", "sv", "fi", "et", "lv", "lt", "nb", "is")
COUNTRIES = ("DE", "PL", "DK", "SE", "FI", "EE", "LV", "LT", "NO", "IS")
TYPES = (
    "company",
    "freelancer",
    "incubator",
    "business_support",
    "cluster",
    "cultural_institute",
    "ngo",
    "public_authority",
    "university",
    "funder",
    "network",
)
DOMAINS = (
    "architecture",
    "archives",
    "art_crafts",
    "audiovisual",
    "book_press",
    "heritage",
    "libraries",
    "performing_arts",
    "visual_arts",
    "advertising",
    "design",
    "fashion",
    "games",
    "music",
    "film",
    "photography",
)
PROFILE_FIELDS = ("key", "name", "country", "language", "type", "domains", "description", "offers", "needs")
QUERY_FIELDS = ("key", "language", "text", "from", "relevant", "note")
PROFILE_TEXTS = ("name", "description", "offers", "needs")


def load(path: Path, problems: list[str]) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        problems.append(f"{path.name}: cannot read: {exc}")
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        problems.append(f"{path.name}: must be a JSON list of objects")
        return []
    return data


def nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def check_profiles(profiles: list[dict[str, Any]], problems: list[str]) -> dict[str, dict[str, Any]]:
    by_key: dict[str, dict[str, Any]] = {}
    for index, profile in enumerate(profiles):
        label = f"profile #{index} ({profile.get('key', '?')})"
        missing = [field for field in PROFILE_FIELDS if field not in profile]
        extra = [field for field in profile if field not in PROFILE_FIELDS]
        if missing:
            problems.append(f"{label}: missing fields {missing}")
        if extra:
            problems.append(f"{label}: unknown fields {extra}")
        key = profile.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.append(f"{label}: empty or non-string key")
            continue
        if key in by_key:
            problems.append(f"{label}: duplicate key")
        by_key[key] = profile
        if profile.get("language") not in LANGUAGES:
            problems.append(f"{label}: language {profile.get('language')!r} not in {LANGUAGES}")
        if profile.get("country") not in COUNTRIES:
            problems.append(f"{label}: country {profile.get('country')!r} not in {COUNTRIES}")
        if profile.get("type") not in TYPES:
            problems.append(f"{label}: type {profile.get('type')!r} not allowed")
        domains = profile.get("domains")
        if not isinstance(domains, list) or not domains:
            problems.append(f"{label}: domains must be a non-empty list")
        else:
            for domain in domains:
                if domain not in DOMAINS:
                    problems.append(f"{label}: domain {domain!r} not allowed")
            if len(set(domains)) != len(domains):
                problems.append(f"{label}: repeated domain")
        for field in PROFILE_TEXTS:
            if not nonempty_str(profile.get(field)):
                problems.append(f"{label}: {field} is empty")
    return by_key


def check_queries(
    queries: list[dict[str, Any]],
    profiles: dict[str, dict[str, Any]],
    problems: list[str],
    warnings: list[str],
) -> None:
    seen: set[str] = set()
    for index, query in enumerate(queries):
        label = f"query #{index} ({query.get('key', '?')})"
        missing = [field for field in QUERY_FIELDS if field not in query]
        extra = [field for field in query if field not in QUERY_FIELDS]
        if missing:
            problems.append(f"{label}: missing fields {missing}")
        if extra:
            problems.append(f"{label}: unknown fields {extra}")
        key = query.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.append(f"{label}: empty or non-string key")
        elif key in seen or key in profiles:
            problems.append(f"{label}: duplicate key")
        else:
            seen.add(key)
        if query.get("language") not in LANGUAGES:
            problems.append(f"{label}: language {query.get('language')!r} not in {LANGUAGES}")
        for field in ("text", "note"):
            if not nonempty_str(query.get(field)):
                problems.append(f"{label}: {field} is empty")
        relevant = query.get("relevant")
        if not isinstance(relevant, list) or not relevant:
            problems.append(f"{label}: relevant must be a non-empty list")
            relevant = []
        if len(set(map(str, relevant))) != len(relevant):
            problems.append(f"{label}: repeated key in relevant")
        for rel in relevant:
            if rel not in profiles:
                problems.append(f"{label}: relevant key {rel!r} is not a profile")
        source = query.get("from")
        if source is not None:
            if source not in profiles:
                problems.append(f"{label}: from {source!r} is not a profile")
            elif profiles[source].get("language") != query.get("language"):
                warnings.append(f"{label}: from {source!r} is written in another language than the query")
            if source in relevant:
                problems.append(f"{label}: from {source!r} is also listed as relevant")


def language_table(
    profiles: dict[str, dict[str, Any]], queries: list[dict[str, Any]]
) -> list[tuple[str, int, int, int, int, int, int]]:
    """Rows: language, profiles, queries, with cross-lang relevant, with same-lang relevant, both, judgments."""
    rows = []
    for lang in LANGUAGES:
        n_profiles = sum(1 for p in profiles.values() if p.get("language") == lang)
        lang_queries = [q for q in queries if q.get("language") == lang]
        cross = same = both = judged = 0
        for query in lang_queries:
            rel_langs = [profiles[k]["language"] for k in query.get("relevant", []) if k in profiles]
            has_cross = any(rl != lang for rl in rel_langs)
            has_same = any(rl == lang for rl in rel_langs)
            cross += has_cross
            same += has_same
            both += has_cross and has_same
            judged += len(rel_langs)
        if n_profiles or lang_queries:
            rows.append((lang, n_profiles, len(lang_queries), cross, same, both, judged))
    return rows


def summary(profiles: dict[str, dict[str, Any]], queries: list[dict[str, Any]]) -> list[str]:
    per_query = [len(q.get("relevant", [])) for q in queries]
    judged = [(q["language"], profiles[k]["language"]) for q in queries for k in q.get("relevant", []) if k in profiles]
    cross_only = sum(
        1
        for q in queries
        if q.get("relevant") and all(profiles[k]["language"] != q["language"] for k in q["relevant"] if k in profiles)
    )
    same_only = sum(
        1
        for q in queries
        if q.get("relevant") and all(profiles[k]["language"] == q["language"] for k in q["relevant"] if k in profiles)
    )
    dist = Counter(per_query)
    with_from = sum(q.get("from") is not None for q in queries)
    cross_judged = sum(a != b for a, b in judged)
    mixed = len(queries) - cross_only - same_only
    return [
        f"profiles: {len(profiles)}; queries: {len(queries)} ({with_from} with a `from` profile)",
        f"relevance judgments: {len(judged)} "
        f"({cross_judged} cross-language, {len(judged) - cross_judged} same-language)",
        f"relevant profiles per query: min {min(per_query, default=0)}, max {max(per_query, default=0)}, "
        f"mean {sum(per_query) / max(len(per_query), 1):.2f}; distribution "
        + ", ".join(f"{n}: {dist[n]}" for n in sorted(dist)),
        f"queries whose relevant profiles are all in other languages: {cross_only}; "
        f"all in the query language: {same_only}; mixed: {mixed}",
        f"profiles that are relevant to at least one query: {len({k for q in queries for k in q.get('relevant', [])})}",
        "profiles per type: "
        + ", ".join(f"{t} {n}" for t, n in Counter(p["type"] for p in profiles.values()).most_common()),
        "profiles per domain (a profile can have several): "
        + ", ".join(f"{d} {n}" for d, n in Counter(d for p in profiles.values() for d in p["domains"]).most_common()),
    ]


def print_matrix(profiles: dict[str, dict[str, Any]], queries: list[dict[str, Any]], markdown: bool) -> None:
    """Relevance judgments by query language (rows) and relevant profile's language (columns)."""
    pairs = Counter(
        (q["language"], profiles[k]["language"]) for q in queries for k in q.get("relevant", []) if k in profiles
    )
    langs = [lang for lang in LANGUAGES if any(lang in pair for pair in pairs)]
    rows = [[a, *(str(pairs[(a, b)]) if pairs[(a, b)] else "." for b in langs)] for a in langs]
    header = ["query \\ relevant" if markdown else "query\\rel", *langs]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * len(langs)) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    width = max(len(header[0]), 3)
    print(header[0].ljust(width) + "".join(lang.rjust(4) for lang in langs))
    for row in rows:
        print(row[0].ljust(width) + "".join(cell.rjust(4) for cell in row[1:]))


def print_table(rows: list[tuple[str, int, int, int, int, int, int]], markdown: bool) -> None:
    header = (
        "language",
        "profiles",
        "queries",
        "q. with cross-lang rel.",
        "q. with same-lang rel.",
        "q. with both",
        "judgments",
    )
    totals = ("total", *(sum(int(row[i]) for row in rows) for i in range(1, len(header))))
    lines = [header, *rows, totals]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        for line in lines[1:]:
            print("| " + " | ".join(str(cell) for cell in line) + " |")
        return
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        if n == len(lines) - 1:
            print("  ".join("-" * w for w in widths))
        print(
            "  ".join(
                str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i]) for i, cell in enumerate(line)
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    problems: list[str] = []
    profile_list = load(PROFILES_PATH, problems)
    query_list = load(QUERIES_PATH, problems)
    warnings: list[str] = []
    profiles = check_profiles(profile_list, problems)
    check_queries(query_list, profiles, problems, warnings)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if problems:
        for problem in problems:
            print(f"PROBLEM: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print_table(language_table(profiles, query_list), markdown)
    print()
    print_matrix(profiles, query_list, markdown)
    print()
    for line in summary(profiles, query_list):
        print(("- " if markdown else "") + line)
    if not markdown:
        print("\nOK: no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
