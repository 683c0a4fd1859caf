"""Add measures, their lines, planners' corrections and consolidation runs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 07:27:53.529386
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consolidation_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('measures', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_consolidation_run_topic_id_topic')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_consolidation_run_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consolidation_run'))
    )
    with op.batch_alter_table('consolidation_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consolidation_run_topic_id'), ['topic_id'], unique=False)

    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_correction_topic_id_topic')),
    sa.ForeignKeyConstraint(['undone_by_id'], ['user_account.id'], name=op.f('fk_correction_undone_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_correction_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction'))
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_topic_id'), ['topic_id'], unique=False)

    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('title_locked', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('new', 'under_review', 'adopted', 'partly_adopted', 'rejected', 'out_of_scope', name='measurestatus', native_enum=False, length=20), nullable=False),
    sa.Column('answer_md', sa.Text(), nullable=False),
    sa.Column('support_gatherings', sa.Integer(), nullable=False),
    sa.Column('support_participants', sa.Integer(), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_measure_topic_id_topic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure')),
    sa.UniqueConstraint('topic_id', 'key', name=op.f('uq_measure_topic_id'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_support_gatherings'), ['support_gatherings'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_topic_id'), ['topic_id'], unique=False)

    op.create_table('measure_line',
    sa.Column('suggestion_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_line_measure_id_measure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'], name=op.f('fk_measure_line_suggestion_id_suggestion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('suggestion_id', name=op.f('pk_measure_line'))
    )
    with op.batch_alter_table('measure_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_line_measure_id'), ['measure_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('measure_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_line_measure_id'))

    op.drop_table('measure_line')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_topic_id'))
        batch_op.drop_index(batch_op.f('ix_measure_support_gatherings'))

    op.drop_table('measure')
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_topic_id'))

    op.drop_table('correction')
    with op.batch_alter_table('consolidation_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consolidation_run_topic_id'))

    op.drop_table('consolidation_run')
