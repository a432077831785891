"""scope: the alias table that scope verdicts read names through, seeded with the common aliases

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 13:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# the aliases every lab starts with (the same as lims.domain.scope.DEFAULT_ALIASES when written)
SEED = (
    ("parameter", "呋喃丹", "克百威"),
    ("parameter", "速克灵", "腐霉利"),
    ("parameter", "功夫菊酯", "高效氯氟氰菊酯"),
    ("parameter", "氧化乐果", "氧乐果"),
    ("parameter", "盐酸克伦特罗", "克伦特罗"),
    ("parameter", "瘦肉精", "克伦特罗"),
    ("parameter", "磺胺类药物", "磺胺类"),
    ("parameter", "Pb", "铅"),
    ("parameter", "Cd", "镉"),
    ("product", "生鲜乳", "生乳"),
    ("product", "鲜乳", "生乳"),
    ("category", "畜禽肉", "肉类"),
    ("category", "畜禽肉及副产品", "肉类"),
    ("category", "畜禽肉类", "肉类"),
    ("category", "肉及肉制品", "肉类"),
    ("category", "乳及乳制品", "乳类"),
    ("category", "乳制品", "乳类"),
    ("category", "生鲜乳", "乳类"),
    ("category", "粮食", "谷物"),
    ("category", "粮油", "谷物"),
    ("category", "粮油", "油料"),
    ("category", "果蔬", "蔬菜"),
    ("category", "果蔬", "水果"),
    ("category", "蔬菜水果", "蔬菜"),
    ("category", "蔬菜水果", "水果"),
)


def upgrade() -> None:
    table = op.create_table('scope_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('alias', sa.String(length=100), nullable=False),
    sa.Column('canonical', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_alias')),
    sa.UniqueConstraint('kind', 'alias', 'canonical', name=op.f('uq_scope_alias_kind'))
    )
    op.bulk_insert(table, [{"kind": k, "alias": a, "canonical": c, "version": 1} for k, a, c in SEED])


def downgrade() -> None:
    op.drop_table('scope_alias')
