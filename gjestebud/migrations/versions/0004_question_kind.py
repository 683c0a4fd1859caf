"""Questions have a kind: proposals (default), strengths, contributions or open

Only proposals become measures with status and answer; the other kinds are shown as ranked themes.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('proposals', 'strengths', 'contributions', 'open',
                                                      name='questionkind', native_enum=False, length=20),
                                      nullable=False, server_default='proposals'))


def downgrade() -> None:
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('kind')
