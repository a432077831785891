"""the reference stamp: one token that triggers change with any change to the reference data

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 16:20:00

The workstations cache the catalogue, the limits, the lab policy and the scope across
sessions and check one row to know whether the cache still holds. The triggers, not the
application, move the token, so a change made any way at all (an import, another
workstation, raw SQL) is seen. The table list is written out here, not imported: a migration
must not change with the code.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ("product", "parameter", "standard", "method", "limit_value", "panel", "panel_item",
          "lab_policy", "certificate", "ability_table", "scope_row", "scope_alias", "user_account")
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table('reference_stamp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_stamp'))
    )
    op.execute(sa.text("INSERT INTO reference_stamp (id, token) VALUES (1, :token)")
               .bindparams(token=uuid.uuid4().hex))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION lims_move_reference_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE reference_stamp SET token = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
                RETURN NULL;
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION lims_move_reference_stamp()")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"CREATE TRIGGER stamp_{table}_{operation.lower()} AFTER {operation} ON {table} "
                           f"BEGIN UPDATE reference_stamp SET token = lower(hex(randomblob(16))) WHERE id = 1; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS stamp_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS lims_move_reference_stamp()")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{operation.lower()}")
    op.drop_table('reference_stamp')
