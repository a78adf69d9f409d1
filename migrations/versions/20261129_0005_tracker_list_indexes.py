"""tracker: keyset-friendly list indexes (newest first, by due date)

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-29 17:24:06

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_created')
        batch_op.create_index('ix_problems_created_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_problems_due_id', ['due_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_due_id')
        batch_op.drop_index('ix_problems_created_id')
        batch_op.create_index('ix_problems_created', ['created_at'], unique=False)
