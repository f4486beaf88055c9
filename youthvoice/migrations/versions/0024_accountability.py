"""accountability in public: committees and their respondents, milestones, a progress figure and the official
answer of a chosen cause (issue 21.2); members moderate together: support thresholds and flagged comments (21.4)

Revision ID: 0024_accountability
Revises: 0023_job_runs
Create Date: 2026-12-07 13:18:22.973257
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401 - generated columns may use sqlmodel's types
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = '0024_accountability'
down_revision: str | None = '0023_job_runs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('committee',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f('fk_committee_council_id_council')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_committee_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee')),
    sa.UniqueConstraint('council_id', 'name', name=op.f('uq_committee_council_id'))
    )
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('committeerespondent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_committeerespondent_committee_id_committee')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_committeerespondent_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_committeerespondent_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committeerespondent')),
    sa.UniqueConstraint('committee_id', 'user_id', name=op.f('uq_committeerespondent_committee_id'))
    )
    with op.batch_alter_table('committeerespondent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committeerespondent_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committeerespondent_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committeerespondent_user_id'), ['user_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('cause_id', sa.Uuid(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cause_id'], ['cause.id'], name=op.f('fk_milestone_cause_id_cause')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_milestone_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_cause_id'), ['cause_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('commentflag',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Uuid(), nullable=False),
    sa.Column('flagged_by_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
    sa.Column('settled_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_commentflag_comment_id_comment')),
    sa.ForeignKeyConstraint(['flagged_by_id'], ['user.id'], name=op.f('fk_commentflag_flagged_by_id_user')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_commentflag_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commentflag')),
    sa.UniqueConstraint('comment_id', 'flagged_by_id', name=op.f('uq_commentflag_comment_id'))
    )
    with op.batch_alter_table('commentflag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commentflag_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commentflag_flagged_by_id'), ['flagged_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commentflag_municipality_id'), ['municipality_id'], unique=False)

    with op.batch_alter_table('cause', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('progress', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('official_answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('official_answer_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_cause_committee_id'), ['committee_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cause_committee_id_committee'), 'committee', ['committee_id'], ['id'])

    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_threshold', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.drop_column('support_threshold')

    with op.batch_alter_table('cause', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cause_committee_id_committee'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cause_committee_id'))
        batch_op.drop_column('official_answer_at')
        batch_op.drop_column('official_answer')
        batch_op.drop_column('progress')
        batch_op.drop_column('committee_id')

    with op.batch_alter_table('commentflag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commentflag_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_commentflag_flagged_by_id'))
        batch_op.drop_index(batch_op.f('ix_commentflag_comment_id'))

    op.drop_table('commentflag')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_milestone_cause_id'))

    op.drop_table('milestone')
    with op.batch_alter_table('committeerespondent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committeerespondent_user_id'))
        batch_op.drop_index(batch_op.f('ix_committeerespondent_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_committeerespondent_committee_id'))

    op.drop_table('committeerespondent')
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_committee_council_id'))

    op.drop_table('committee')
