"""The matching algorithm as a plain Python package (no Django): embedders, the vector index,
text evidence and the blend of components into a ranked, explained list.

Django code (creativeports.matching.selectors) loads profiles and vectors from the database and
calls in here; the evaluation in bench/ calls the same functions.
"""
