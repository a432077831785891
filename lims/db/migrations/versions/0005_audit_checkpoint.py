"""audit checkpoints: where the last verification of the chain ended

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-30 11:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verified_by', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint'))
    )
    op.create_index(op.f('ix_audit_checkpoint_seq'), 'audit_checkpoint', ['seq'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_audit_checkpoint_seq'), table_name='audit_checkpoint')
    op.drop_table('audit_checkpoint')
