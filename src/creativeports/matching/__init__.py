"""Matching: explained partner recommendations and partner search across the region's languages.

`engine/` is the algorithm (no Django); the rest loads profiles and vectors and serves pages and
the API. See docs/matching.md.
"""
