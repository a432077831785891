"""Use cases. One Session per user action; returns frozen dataclasses, never ORM objects."""
