"""instrument capture: a rapid reader's reading stored as a rapid screen names the screen

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 18:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rapid_screen_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reading_rapid_screen_id_rapid_screen'), 'rapid_screen',
                                    ['rapid_screen_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reading_rapid_screen_id_rapid_screen'), type_='foreignkey')
        batch_op.drop_column('rapid_screen_id')
