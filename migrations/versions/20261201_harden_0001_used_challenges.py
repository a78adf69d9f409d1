"""harden: anti-spam questions are one-time (used_challenges)

Revision ID: harden_0001
Revises: 0006
Create Date: 2026-12-01

A solved question's token is recorded until it would have expired anyway, so
the same solved form cannot be sent again. Rows older than their expiry are
deleted as new ones are added.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'harden_0001'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'used_challenges',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_used_challenges')),
    )
    with op.batch_alter_table('used_challenges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_challenges_expires_at'), ['expires_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('used_challenges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_challenges_expires_at'))
    op.drop_table('used_challenges')
