"""log-in counters in their own table

A log-in, a failed log-in or a lock-out used to update the user row and so move its version:
an administrator's edit form opened before that person logged in was then refused as a
concurrent edit. The counters move to login_state, one row per user.

On SQLite the user_account columns are dropped and added in place (recreate="never", native
ALTER TABLE since SQLite 3.35) instead of copying the table: dropping the old user_account
with foreign keys enforced would delete, by cascade, the roles and log-in state that refer
to it, or fail on the authorisations, samples and results that do.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:30:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_state',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_login_state_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_login_state'))
    )
    op.execute(
        "INSERT INTO login_state (user_id, failed_logins, locked, last_login_at) "
        "SELECT id, failed_logins, locked, last_login_at FROM user_account"
    )
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('last_login_at')
        batch_op.drop_column('locked')
        batch_op.drop_column('failed_logins')


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE user_account SET "
        "failed_logins = COALESCE((SELECT s.failed_logins FROM login_state s WHERE s.user_id = user_account.id), 0), "
        "locked = COALESCE((SELECT s.locked FROM login_state s WHERE s.user_id = user_account.id), locked), "
        "last_login_at = (SELECT s.last_login_at FROM login_state s WHERE s.user_id = user_account.id)"
    )
    if op.get_bind().dialect.name != 'sqlite':
        # revision 0001 made these columns without a server default; SQLite cannot drop one
        # without copying the table (see above), and there it does no harm
        op.alter_column('user_account', 'failed_logins', server_default=None)
        op.alter_column('user_account', 'locked', server_default=None)
    op.drop_table('login_state')
