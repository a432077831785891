"""an index on a signature's entity: a sample's signatures are read at every read-back

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 19:45:00

Without it each read of a sample scanned every signature of the lab (300,000 on a
200,000-sample database: 45 ms of the 50 ms an entered result took to show).
"""
from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_signature_entity', 'signature', ['entity', 'entity_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_signature_entity', table_name='signature')
