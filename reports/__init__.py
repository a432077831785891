"""Report rendering (reportlab), signing and verification (pyHanko), Excel exports.

Imports neither the database layer nor Qt (checked by import-linter)."""
