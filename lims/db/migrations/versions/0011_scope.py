"""scope: expansion applications with their certificates, requested rows, steps and evidence
files; the parameters supervision requires per product

The expansion table of the first revision was never written by any release (no service used
it): it is made again with a target (CMA, CATL or joint) in place of one certificate.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 16:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('expansion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expansion_certificate_id'))
    op.drop_table('expansion')
    op.create_table('expansion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('target', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_expansion_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expansion'))
    )
    op.create_table('expansion_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expansion_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('resulting_table_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_expansion_certificate_certificate_id_certificate')),
    sa.ForeignKeyConstraint(['expansion_id'], ['expansion.id'], name=op.f('fk_expansion_certificate_expansion_id_expansion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resulting_table_id'], ['ability_table.id'], name=op.f('fk_expansion_certificate_resulting_table_id_ability_table')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expansion_certificate')),
    sa.UniqueConstraint('expansion_id', 'certificate_id', name=op.f('uq_expansion_certificate_expansion_id'))
    )
    op.create_index(op.f('ix_expansion_certificate_expansion_id'), 'expansion_certificate', ['expansion_id'], unique=False)
    op.create_table('expansion_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expansion_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=200), nullable=False),
    sa.Column('parameter', sa.String(length=200), nullable=False),
    sa.Column('method_text', sa.String(length=300), nullable=False),
    sa.Column('limits_of_use', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['expansion_id'], ['expansion.id'], name=op.f('fk_expansion_item_expansion_id_expansion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expansion_item'))
    )
    op.create_index(op.f('ix_expansion_item_expansion_id'), 'expansion_item', ['expansion_id'], unique=False)
    op.create_table('expansion_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expansion_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('responsible', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['expansion_id'], ['expansion.id'], name=op.f('fk_expansion_step_expansion_id_expansion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_expansion_step_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expansion_step'))
    )
    op.create_index(op.f('ix_expansion_step_expansion_id'), 'expansion_step', ['expansion_id'], unique=False)
    op.create_table('expansion_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expansion_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('attached_by_id', sa.Integer(), nullable=True),
    sa.Column('attached_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attached_by_id'], ['user_account.id'], name=op.f('fk_expansion_evidence_attached_by_id_user_account')),
    sa.ForeignKeyConstraint(['expansion_id'], ['expansion.id'], name=op.f('fk_expansion_evidence_expansion_id_expansion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expansion_evidence')),
    sa.UniqueConstraint('expansion_id', 'sha256', name=op.f('uq_expansion_evidence_expansion_id'))
    )
    op.create_index(op.f('ix_expansion_evidence_expansion_id'), 'expansion_evidence', ['expansion_id'], unique=False)
    op.create_table('required_parameter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_required_parameter_parameter_id_parameter')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_required_parameter_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_required_parameter')),
    sa.UniqueConstraint('product_id', 'parameter_id', name=op.f('uq_required_parameter_product_id'))
    )
    op.create_index(op.f('ix_required_parameter_product_id'), 'required_parameter', ['product_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_required_parameter_product_id'), table_name='required_parameter')
    op.drop_table('required_parameter')
    op.drop_index(op.f('ix_expansion_evidence_expansion_id'), table_name='expansion_evidence')
    op.drop_table('expansion_evidence')
    op.drop_index(op.f('ix_expansion_step_expansion_id'), table_name='expansion_step')
    op.drop_table('expansion_step')
    op.drop_index(op.f('ix_expansion_item_expansion_id'), table_name='expansion_item')
    op.drop_table('expansion_item')
    op.drop_index(op.f('ix_expansion_certificate_expansion_id'), table_name='expansion_certificate')
    op.drop_table('expansion_certificate')
    op.drop_table('expansion')
    op.create_table('expansion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('resulting_table_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_expansion_certificate_id_certificate')),
    sa.ForeignKeyConstraint(['resulting_table_id'], ['ability_table.id'], name=op.f('fk_expansion_resulting_table_id_ability_table')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expansion'))
    )
    with op.batch_alter_table('expansion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expansion_certificate_id'), ['certificate_id'], unique=False)
