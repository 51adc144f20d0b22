"""Bulk import of organisations from CSV, XLSX or JSON files (command line and upload page).

`readers` turns a file into rows of text, `rows` maps and validates one row with the profile
form's rules, `services` detects duplicates and writes everything in one transaction.
"""
