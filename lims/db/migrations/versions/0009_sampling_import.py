"""sampling-list imports registered in batches: the file and the rows already registered

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 14:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sampling_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sampling_import'))
    )
    op.create_index(op.f('ix_sampling_import_file_sha256'), 'sampling_import', ['file_sha256'], unique=False)
    op.create_table('sampling_import_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['sampling_import.id'], name=op.f('fk_sampling_import_row_import_id_sampling_import'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_sampling_import_row_sample_id_sample')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sampling_import_row')),
    sa.UniqueConstraint('import_id', 'row_number', name=op.f('uq_sampling_import_row_import_id'))
    )
    op.create_index(op.f('ix_sampling_import_row_import_id'), 'sampling_import_row', ['import_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sampling_import_row_import_id'), table_name='sampling_import_row')
    op.drop_table('sampling_import_row')
    op.drop_index(op.f('ix_sampling_import_file_sha256'), table_name='sampling_import')
    op.drop_table('sampling_import')
