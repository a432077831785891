"""sample intake fields, result judgment, code counter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 11:21:39.128080
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('code_counter',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_code_counter'))
    )
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detection', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reported_text', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('basis_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lab_took_sample', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('client', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('description', sa.String(length=200), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.drop_column('description')
        batch_op.drop_column('client')
        batch_op.drop_column('lab_took_sample')

    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('basis_text')
        batch_op.drop_column('reported_text')
        batch_op.drop_column('detection')

    op.drop_table('code_counter')
