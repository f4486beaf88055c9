"""merging duplicate proposals with both authors' consent (issue 21.4)

Revision ID: 0036_proposal_merge
Revises: 0035_home_ties
Create Date: 2026-12-07 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model

revision: str = "0036_proposal_merge"
down_revision: str | None = "0035_home_ties"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cause', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cause_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cause_merged_into_id_cause'), 'cause', ['merged_into_id'], ['id'])

    op.create_table('causemerge',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('from_cause_id', sa.Uuid(), nullable=False),
    sa.Column('into_cause_id', sa.Uuid(), nullable=False),
    sa.Column('requested_by_id', sa.Uuid(), nullable=True),
    sa.Column('from_answer', sa.Boolean(), nullable=True),
    sa.Column('into_answer', sa.Boolean(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('created_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
    sa.Column('settled_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['from_cause_id'], ['cause.id'], name=op.f('fk_causemerge_from_cause_id_cause')),
    sa.ForeignKeyConstraint(['into_cause_id'], ['cause.id'], name=op.f('fk_causemerge_into_cause_id_cause')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                            name=op.f('fk_causemerge_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_causemerge_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_causemerge'))
    )
    with op.batch_alter_table('causemerge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_causemerge_from_cause_id'), ['from_cause_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_causemerge_into_cause_id'), ['into_cause_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_causemerge_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_causemerge_requested_by_id'), ['requested_by_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('causemerge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_causemerge_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_causemerge_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_causemerge_into_cause_id'))
        batch_op.drop_index(batch_op.f('ix_causemerge_from_cause_id'))
    op.drop_table('causemerge')
    with op.batch_alter_table('cause', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cause_merged_into_id_cause'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cause_merged_into_id'))
        batch_op.drop_column('merged_into_id')
