"""the reference stamp also moves with roles and authorisations

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 19:20:00

Each action checked the person's roles and authorisations with two queries of its own. They
change as rarely as the catalogue, so the workstations keep them with the reference data, and
the same triggers as migration 0010's (written out again here: a migration must not change
with the code) move the token on every change to them.
"""
from __future__ import annotations

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

TABLES = ("role", "user_role", "authorization")
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'CREATE TRIGGER stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                       f"FOR EACH STATEMENT EXECUTE FUNCTION lims_move_reference_stamp()")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f'CREATE TRIGGER stamp_{table}_{operation.lower()} AFTER {operation} ON "{table}" '
                           f"BEGIN UPDATE reference_stamp SET token = lower(hex(randomblob(16))) WHERE id = 1; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'DROP TRIGGER IF EXISTS stamp_{table} ON "{table}"')
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{operation.lower()}")
