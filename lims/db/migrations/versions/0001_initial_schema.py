"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 10:29:05.185981
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['area.id'], name=op.f('fk_area_parent_id_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_parent_id'), ['parent_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=128), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('changes_json', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_event_seq'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('renewal_lead_days', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('number', name=op.f('uq_certificate_number'))
    )
    op.create_table('instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('serial_no', sa.String(length=64), nullable=False),
    sa.Column('adapter', sa.String(length=64), nullable=False),
    sa.Column('port', sa.String(length=200), nullable=False),
    sa.Column('settings_json', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument'))
    )
    op.create_table('lab_policy',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_lab_policy'))
    )
    op.create_table('parameter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('aliases', sa.String(length=200), nullable=False),
    sa.Column('cas_no', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('banned', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parameter')),
    sa.UniqueConstraint('name', name=op.f('uq_parameter_name'))
    )
    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('is_category', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['product.id'], name=op.f('fk_product_parent_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('code', name=op.f('uq_product_code'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_parent_id'), ['parent_id'], unique=False)

    op.create_table('role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role')),
    sa.UniqueConstraint('code', name=op.f('uq_role_code'))
    )
    op.create_table('standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('year', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('in_force_from', sa.Date(), nullable=True),
    sa.Column('in_force_to', sa.Date(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['standard.id'], name=op.f('fk_standard_replaced_by_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard')),
    sa.UniqueConstraint('number', 'year', name=op.f('uq_standard_number'))
    )
    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('code', name=op.f('uq_task_code'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('ability_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('version_no', sa.Integer(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_ability_table_certificate_id_certificate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ability_table')),
    sa.UniqueConstraint('certificate_id', 'version_no', name=op.f('uq_ability_table_certificate_id'))
    )
    with op.batch_alter_table('ability_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ability_table_certificate_id'), ['certificate_id'], unique=False)

    op.create_table('calibration_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('calibrated_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('certificate_no', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_calibration_record_instrument_id_instrument')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_record'))
    )
    with op.batch_alter_table('calibration_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_record_instrument_id'), ['instrument_id'], unique=False)

    op.create_table('kit_lot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('maker', sa.String(length=100), nullable=False),
    sa.Column('lot_no', sa.String(length=64), nullable=False),
    sa.Column('method_kind', sa.String(length=20), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=True),
    sa.Column('cutoffs_json', sa.Text(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_kit_lot_parameter_id_parameter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kit_lot'))
    )
    op.create_table('limit_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=9, asdecimal=False), nullable=True),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_limit_value_parameter_id_parameter')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_limit_value_product_id_product')),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_limit_value_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_limit_value')),
    sa.UniqueConstraint('product_id', 'parameter_id', 'standard_id', name=op.f('uq_limit_value_product_id'))
    )
    with op.batch_alter_table('limit_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_limit_value_parameter_id'), ['parameter_id'], unique=False)

    op.create_table('method',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('technique', sa.String(length=100), nullable=False),
    sa.Column('lod', sa.Numeric(precision=18, scale=9, asdecimal=False), nullable=True),
    sa.Column('loq', sa.Numeric(precision=18, scale=9, asdecimal=False), nullable=True),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('reporting_digits', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_method_parameter_id_parameter')),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_method_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_method'))
    )
    with op.batch_alter_table('method', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_method_parameter_id'), ['parameter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_method_standard_id'), ['standard_id'], unique=False)

    op.create_table('panel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_panel_product_id_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel'))
    )
    with op.batch_alter_table('panel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_product_id'), ['product_id'], unique=False)

    op.create_table('producer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('contact', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_producer_area_id_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_producer')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_producer_credit_code'))
    )
    with op.batch_alter_table('producer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_producer_name'), ['name'], unique=False)

    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('meaning', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_signature_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature'))
    )
    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['role.id'], name=op.f('fk_user_role_role_id_role'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_role_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role_id', name=op.f('pk_user_role'))
    )
    op.create_table('authorization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('method_id', sa.Integer(), nullable=True),
    sa.Column('may_test', sa.Boolean(), nullable=False),
    sa.Column('may_sign', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['method_id'], ['method.id'], name=op.f('fk_authorization_method_id_method')),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_authorization_parameter_id_parameter')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_authorization_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authorization')),
    sa.UniqueConstraint('user_id', 'parameter_id', 'method_id', name=op.f('uq_authorization_user_id'))
    )
    with op.batch_alter_table('authorization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorization_user_id'), ['user_id'], unique=False)

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

    op.create_table('panel_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('method_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['method_id'], ['method.id'], name=op.f('fk_panel_item_method_id_method')),
    sa.ForeignKeyConstraint(['panel_id'], ['panel.id'], name=op.f('fk_panel_item_panel_id_panel'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_panel_item_parameter_id_parameter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_item')),
    sa.UniqueConstraint('panel_id', 'parameter_id', name=op.f('uq_panel_item_panel_id'))
    )
    op.create_table('sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('producer_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sampled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('batch_size', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.String(length=40), nullable=False),
    sa.Column('sampler1', sa.String(length=50), nullable=False),
    sa.Column('sampler2', sa.String(length=50), nullable=False),
    sa.Column('seal_intact', sa.Boolean(), nullable=False),
    sa.Column('backup_kept', sa.Boolean(), nullable=False),
    sa.Column('storage', sa.String(length=100), nullable=False),
    sa.Column('compliance_cert', sa.Boolean(), nullable=False),
    sa.Column('compliance_cert_no', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_by_id', sa.Integer(), nullable=True),
    sa.Column('condition', sa.String(length=200), nullable=False),
    sa.Column('storage_place', sa.String(length=100), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_sample_area_id_area')),
    sa.ForeignKeyConstraint(['producer_id'], ['producer.id'], name=op.f('fk_sample_producer_id_producer')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_sample_product_id_product')),
    sa.ForeignKeyConstraint(['received_by_id'], ['user_account.id'], name=op.f('fk_sample_received_by_id_user_account')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_sample_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample')),
    sa.UniqueConstraint('code', name=op.f('uq_sample_code'))
    )
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sample_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_producer_id'), ['producer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_product_id'), ['product_id'], unique=False)
        batch_op.create_index('ix_sample_sampled_at', ['sampled_at'], unique=False)
        batch_op.create_index('ix_sample_status_id', ['status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_verdict'), ['verdict'], unique=False)

    op.create_table('scope_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ability_table_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('method_text', sa.String(length=300), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=True),
    sa.Column('limits_of_use', sa.String(length=200), nullable=False),
    sa.Column('remark', sa.String(length=200), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ability_table_id'], ['ability_table.id'], name=op.f('fk_scope_row_ability_table_id_ability_table'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_scope_row_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_row'))
    )
    with op.batch_alter_table('scope_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scope_row_ability_table_id'), ['ability_table_id'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('scope_snapshot_json', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_report_issued_by_id_user_account')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_report_sample_id_sample')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['report.id'], name=op.f('fk_report_supersedes_id_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('number', name=op.f('uq_report_number'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_sample_id'), ['sample_id'], unique=False)

    op.create_table('test',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('parameter_id', sa.Integer(), nullable=False),
    sa.Column('method_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('analyst_id', sa.Integer(), nullable=True),
    sa.Column('tested_on', sa.Date(), nullable=True),
    sa.Column('subcontracted', sa.Boolean(), nullable=False),
    sa.Column('in_scope_cma', sa.Boolean(), nullable=True),
    sa.Column('in_scope_catl', sa.Boolean(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['analyst_id'], ['user_account.id'], name=op.f('fk_test_analyst_id_user_account')),
    sa.ForeignKeyConstraint(['method_id'], ['method.id'], name=op.f('fk_test_method_id_method')),
    sa.ForeignKeyConstraint(['parameter_id'], ['parameter.id'], name=op.f('fk_test_parameter_id_parameter')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_test_sample_id_sample'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_test'))
    )
    with op.batch_alter_table('test', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_test_parameter_id'), ['parameter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_test_sample_id'), ['sample_id'], unique=False)

    op.create_table('result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('test_id', sa.Integer(), nullable=False),
    sa.Column('value_text', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Numeric(precision=24, scale=9, asdecimal=False), nullable=True),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('not_detected', sa.Boolean(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=True),
    sa.Column('limit_id', sa.Integer(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=True),
    sa.Column('journal_position', sa.Integer(), nullable=True),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_result_entered_by_id_user_account')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_result_instrument_id_instrument')),
    sa.ForeignKeyConstraint(['limit_id'], ['limit_value.id'], name=op.f('fk_result_limit_id_limit_value')),
    sa.ForeignKeyConstraint(['test_id'], ['test.id'], name=op.f('fk_result_test_id_test'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result'))
    )
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_test_id'), ['test_id'], unique=False)

    role = sa.table("role", sa.column("id", sa.Integer), sa.column("code", sa.String))
    op.bulk_insert(role, [
        {"id": 1, "code": "technician"},
        {"id": 2, "code": "reviewer"},
        {"id": 3, "code": "signatory"},
        {"id": 4, "code": "manager"},
        {"id": 5, "code": "admin"},
    ])
    head = sa.table("audit_head", sa.column("id", sa.Integer), sa.column("last_seq", sa.BigInteger),
                    sa.column("last_hash", sa.String))
    op.bulk_insert(head, [{"id": 1, "last_seq": 0, "last_hash": "0" * 64}])



def downgrade() -> None:
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_test_id'))

    op.drop_table('result')
    with op.batch_alter_table('test', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_test_sample_id'))
        batch_op.drop_index(batch_op.f('ix_test_parameter_id'))

    op.drop_table('test')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_sample_id'))

    op.drop_table('report')
    with op.batch_alter_table('scope_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scope_row_ability_table_id'))

    op.drop_table('scope_row')
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sample_verdict'))
        batch_op.drop_index(batch_op.f('ix_sample_task_id'))
        batch_op.drop_index('ix_sample_status_id')
        batch_op.drop_index('ix_sample_sampled_at')
        batch_op.drop_index(batch_op.f('ix_sample_product_id'))
        batch_op.drop_index(batch_op.f('ix_sample_producer_id'))
        batch_op.drop_index(batch_op.f('ix_sample_area_id'))

    op.drop_table('sample')
    op.drop_table('panel_item')
    with op.batch_alter_table('expansion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expansion_certificate_id'))

    op.drop_table('expansion')
    with op.batch_alter_table('authorization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorization_user_id'))

    op.drop_table('authorization')
    op.drop_table('user_role')
    op.drop_table('signature')
    with op.batch_alter_table('producer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_producer_name'))

    op.drop_table('producer')
    with op.batch_alter_table('panel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_product_id'))

    op.drop_table('panel')
    with op.batch_alter_table('method', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_method_standard_id'))
        batch_op.drop_index(batch_op.f('ix_method_parameter_id'))

    op.drop_table('method')
    with op.batch_alter_table('limit_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_limit_value_parameter_id'))

    op.drop_table('limit_value')
    op.drop_table('kit_lot')
    with op.batch_alter_table('calibration_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_record_instrument_id'))

    op.drop_table('calibration_record')
    with op.batch_alter_table('ability_table', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ability_table_certificate_id'))

    op.drop_table('ability_table')
    op.drop_table('user_account')
    op.drop_table('task')
    op.drop_table('standard')
    op.drop_table('role')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_parent_id'))

    op.drop_table('product')
    op.drop_table('parameter')
    op.drop_table('lab_policy')
    op.drop_table('instrument')
    op.drop_table('certificate')
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_entity'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor'))

    op.drop_table('audit_event')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_parent_id'))

    op.drop_table('area')
