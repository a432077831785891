"""rapid screens and traceback

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 11:27:37.562150
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('traceback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('notified_party', sa.String(length=200), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notified_by_id', sa.Integer(), nullable=True),
    sa.Column('action_taken', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_traceback_closed_by_id_user_account')),
    sa.ForeignKeyConstraint(['notified_by_id'], ['user_account.id'], name=op.f('fk_traceback_notified_by_id_user_account')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_traceback_sample_id_sample'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_traceback')),
    sa.UniqueConstraint('sample_id', name=op.f('uq_traceback_sample_id'))
    )
    op.create_table('rapid_screen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('method_kind', sa.String(length=20), nullable=False),
    sa.Column('kit_lot_id', sa.Integer(), nullable=True),
    sa.Column('instrument_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('inhibition_pct', sa.Numeric(precision=9, scale=3, asdecimal=False), nullable=True),
    sa.Column('t_value', sa.Numeric(precision=18, scale=6, asdecimal=False), nullable=True),
    sa.Column('c_value', sa.Numeric(precision=18, scale=6, asdecimal=False), nullable=True),
    sa.Column('tested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tested_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmation_test_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['confirmation_test_id'], ['test.id'], name=op.f('fk_rapid_screen_confirmation_test_id_test')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_rapid_screen_instrument_id_instrument')),
    sa.ForeignKeyConstraint(['kit_lot_id'], ['kit_lot.id'], name=op.f('fk_rapid_screen_kit_lot_id_kit_lot')),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_rapid_screen_parameter_id_parameter')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_rapid_screen_sample_id_sample'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tested_by_id'], ['user_account.id'], name=op.f('fk_rapid_screen_tested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rapid_screen'))
    )
    with op.batch_alter_table('rapid_screen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rapid_screen_sample_id'), ['sample_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rapid_screen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rapid_screen_sample_id'))

    op.drop_table('rapid_screen')
    op.drop_table('traceback')
