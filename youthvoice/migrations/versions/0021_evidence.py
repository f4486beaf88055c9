"""evidence: a municipality opts in to share its anonymous figures with the partnership, and each receipt item keeps
when it was first answered and how many working days after the meeting (issue 22.3-22.5)

Revision ID: 0021_evidence
Revises: 0020_voice_questions
Create Date: 2026-12-07 13:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = '0021_evidence'
down_revision: str | None = '0020_voice_questions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shares_evidence', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('meetingdecision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_answer_at', youthvoice.core.model.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('answer_working_days', sa.Integer(), nullable=True))
    _first_answers()


def _first_answers() -> None:
    """Receipts answered before this revision: their first answer is the earliest answer entry."""
    from youthvoice.core.danish_calendar import local_date
    from youthvoice.meetings.receipts import working_days_until

    bind = op.get_bind()
    meta = sa.MetaData()
    items = sa.Table('meetingdecision', meta, autoload_with=bind)
    entries = sa.Table('receiptentry', meta, autoload_with=bind)
    meetings = sa.Table('meeting', meta, autoload_with=bind)
    first = (sa.select(entries.c.item_id, sa.func.min(entries.c.created_at).label('at'))
             .where(entries.c.kind == 'answer').group_by(entries.c.item_id).subquery())
    rows = bind.execute(sa.select(items.c.id, first.c.at, meetings.c.starts_at)
                        .join(first, first.c.item_id == items.c.id)
                        .join(meetings, meetings.c.id == items.c.meeting_id)).all()
    utc = youthvoice.core.model.UTCDateTime()
    for item_id, answered_at, starts_at in rows:
        answered_at = utc.process_result_value(answered_at, bind.dialect)
        starts_at = utc.process_result_value(starts_at, bind.dialect)
        assert answered_at is not None and starts_at is not None
        bind.execute(items.update().where(items.c.id == item_id).values(
            first_answer_at=utc.process_bind_param(answered_at, bind.dialect),
            answer_working_days=working_days_until(local_date(starts_at), local_date(answered_at))))


def downgrade() -> None:
    with op.batch_alter_table('meetingdecision', schema=None) as batch_op:
        batch_op.drop_column('answer_working_days')
        batch_op.drop_column('first_answer_at')

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('shares_evidence')
