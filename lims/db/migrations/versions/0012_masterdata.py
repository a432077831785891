"""master data edited in the application: a retired flag on the lists records point to, product
aliases, and a sampling task's planned batches

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# every list a sample, a result or another list may point to: retired, never deleted
RETIRABLE = ('product', 'parameter', 'standard', 'method', 'limit_value', 'area', 'producer', 'task',
             'kit_lot', 'authorization')


def upgrade() -> None:
    for table in RETIRABLE:
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('product', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('aliases', sa.String(length=200), server_default='', nullable=False))
    with op.batch_alter_table('task', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('planned_batches', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('planned_batches')
    with op.batch_alter_table('product', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('aliases')
    for table in reversed(RETIRABLE):
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.drop_column('active')
