"""Translations of topic content, reminders, retention, results publishing, digests, site pages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 07:38:45.635650
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('site_page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('body_md', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_site_page_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_page')),
    sa.UniqueConstraint('key', 'language', name=op.f('uq_site_page_key'))
    )
    with op.batch_alter_table('host', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('feedback_sent_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_pending', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_md', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('reminder_days_before', sa.Integer(), nullable=False, server_default='3'))
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=False, server_default='365'))
        batch_op.add_column(sa.Column('next_steps_md', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.drop_column('results_published_at')
        batch_op.drop_column('next_steps_md')
        batch_op.drop_column('retention_days')
        batch_op.drop_column('reminder_days_before')
        batch_op.drop_column('translations')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('translations')

    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('privacy_md')

    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_column('digest_pending')

    with op.batch_alter_table('host', schema=None) as batch_op:
        batch_op.drop_column('feedback_sent_at')
        batch_op.drop_column('reminder_sent_at')

    op.drop_table('site_page')
