"""instrument capture: the readings received, and each instrument's test codes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 13:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('instrument_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_instrument_code_instrument_id_instrument')),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_instrument_code_parameter_id_parameter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument_code')),
    sa.UniqueConstraint('instrument_id', 'code', name=op.f('uq_instrument_code_instrument_id'))
    )
    op.create_index(op.f('ix_instrument_code_instrument_id'), 'instrument_code', ['instrument_id'], unique=False)
    op.create_table('reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('measured_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sample_code', sa.String(length=100), nullable=False),
    sa.Column('parameter_code', sa.String(length=100), nullable=False),
    sa.Column('value_text', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('qualitative', sa.String(length=40), nullable=False),
    sa.Column('flags', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.Integer(), nullable=True),
    sa.Column('raw_hash', sa.String(length=64), nullable=False),
    sa.Column('raw_size', sa.Integer(), nullable=False),
    sa.Column('journal_position', sa.BigInteger(), nullable=True),
    sa.Column('frame_key', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reason_json', sa.Text(), nullable=False),
    sa.Column('assigned_code', sa.String(length=100), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=True),
    sa.Column('captured_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['captured_by_id'], ['user_account.id'], name=op.f('fk_reading_captured_by_id_user_account')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_reading_instrument_id_instrument')),
    sa.ForeignKeyConstraint(['result_id'], ['result.id'], name=op.f('fk_reading_result_id_result')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reading')),
    sa.UniqueConstraint('instrument_id', 'frame_key', name=op.f('uq_reading_instrument_id'))
    )
    op.create_index(op.f('ix_reading_instrument_id'), 'reading', ['instrument_id'], unique=False)
    op.create_index('ix_reading_state_instrument', 'reading', ['state', 'instrument_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_reading_state_instrument', table_name='reading')
    op.drop_index(op.f('ix_reading_instrument_id'), table_name='reading')
    op.drop_table('reading')
    op.drop_index(op.f('ix_instrument_code_instrument_id'), table_name='instrument_code')
    op.drop_table('instrument_code')
