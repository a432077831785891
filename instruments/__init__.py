"""Instrument adapters: transports, codecs and adapters that turn port bytes into readings.

Imports neither the database layer nor Qt (checked by import-linter)."""
