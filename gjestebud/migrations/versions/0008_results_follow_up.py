"""Measures get a progress timeline; hosts may hold further secret links; municipalities keep answer templates

measure_milestone: dated steps after a decision. host_link: a host who lost the mail asks for the link again
and gets a new one without the old one stopping. answer_template: reusable public answers for bulk work.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'measure_milestone',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('measure_id', sa.Integer(), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('percent', sa.Integer(), nullable=True),
        sa.Column('unit', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['measure_id'], ['measure.id'],
                                name=op.f('fk_measure_milestone_measure_id_measure'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_milestone')),
    )
    with op.batch_alter_table('measure_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_milestone_measure_id'), ['measure_id'], unique=False)
    op.create_table(
        'host_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('host_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['host_id'], ['host.id'], name=op.f('fk_host_link_host_id_host'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_host_link')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_host_link_token_hash')),
    )
    with op.batch_alter_table('host_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_host_link_host_id'), ['host_id'], unique=False)
    op.create_table(
        'answer_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('answer_md', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_answer_template_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_template')),
    )
    with op.batch_alter_table('answer_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_template_municipality_id'), ['municipality_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('answer_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_template_municipality_id'))
    op.drop_table('answer_template')
    with op.batch_alter_table('host_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_host_link_host_id'))
    op.drop_table('host_link')
    with op.batch_alter_table('measure_milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_milestone_measure_id'))
    op.drop_table('measure_milestone')
