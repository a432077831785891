"""instrument capture: the kit lot a reading was taken with, and who captures each instrument now

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 17:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kit_lot_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reading_kit_lot_id_kit_lot'), 'kit_lot', ['kit_lot_id'], ['id'])
    op.create_table('capture_lease',
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=200), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_capture_lease_instrument_id_instrument')),
    sa.PrimaryKeyConstraint('instrument_id', name=op.f('pk_capture_lease'))
    )


def downgrade() -> None:
    op.drop_table('capture_lease')
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reading_kit_lot_id_kit_lot'), type_='foreignkey')
        batch_op.drop_column('kit_lot_id')
