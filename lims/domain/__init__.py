"""Pure domain rules: no SQLAlchemy session, no Qt, no I/O."""
