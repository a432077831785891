"""reports: the signed PDF, its printed data and hash, the audit anchor; signing identities

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 13:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signing_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=400), nullable=False),
    sa.Column('certificate_pem', sa.Text(), nullable=False),
    sa.Column('pkcs12', sa.LargeBinary(), nullable=False),
    sa.Column('for_testing', sa.Boolean(), nullable=False),
    sa.Column('test_password', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'],
                            name=op.f('fk_signing_identity_added_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_identity'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('data_json', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('audit_seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('audit_hash', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signing_identity_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_report_signing_identity_id_signing_identity'),
                                    'signing_identity', ['signing_identity_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_report_pdf_sha256'), ['pdf_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_pdf_sha256'))
        batch_op.drop_constraint(batch_op.f('fk_report_signing_identity_id_signing_identity'), type_='foreignkey')
        batch_op.drop_column('signing_identity_id')
        batch_op.drop_column('audit_hash')
        batch_op.drop_column('audit_seq')
        batch_op.drop_column('content_hash')
        batch_op.drop_column('data_json')
        batch_op.drop_column('pdf')
    op.drop_table('signing_identity')
