"""The reliability tests work in the same demo lab as the service tests: its database on each
backend, its services and its people (tests/services/conftest.py)."""
from __future__ import annotations

from tests.services.conftest import catalogue, lab, lab_engine, people

__all__ = ["catalogue", "lab", "lab_engine", "people"]
