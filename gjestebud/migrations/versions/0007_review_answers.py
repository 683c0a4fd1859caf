"""Guided review answers per topic; measures get a confirmed-title flag and the kind of their questions

Measure numbers are never reused on SQLite either (AUTOINCREMENT), so a number keeps meaning one measure.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('review_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('left_ids', sa.JSON(), nullable=False),
    sa.Column('right_ids', sa.JSON(), nullable=False),
    sa.Column('same', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('correction_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['correction_id'], ['correction.id'],
                            name=op.f('fk_review_answer_correction_id_correction'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_review_answer_topic_id_topic')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_review_answer_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_answer'))
    )
    with op.batch_alter_table('review_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_answer_correction_id'), ['correction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_answer_topic_id'), ['topic_id'], unique=False)

    # Only SQLite copies the table (to add AUTOINCREMENT); PostgreSQL's sequences never reuse a number.
    sqlite = op.get_context().dialect.name == 'sqlite'
    with op.batch_alter_table('measure', schema=None, recreate='always' if sqlite else 'auto',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('title_confirmed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('kind', sa.Enum('proposals', 'strengths', 'contributions', 'open',
                                                      name='questionkind', native_enum=False, length=20),
                                      nullable=False, server_default='proposals'))
    # A title a planner wrote is a confirmed title.
    op.execute(sa.text("UPDATE measure SET title_confirmed = title_locked"))


def downgrade() -> None:
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_column('kind')
        batch_op.drop_column('title_confirmed')
    with op.batch_alter_table('review_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_answer_topic_id'))
        batch_op.drop_index(batch_op.f('ix_review_answer_correction_id'))
    op.drop_table('review_answer')
