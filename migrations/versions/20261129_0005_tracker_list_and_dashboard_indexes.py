"""tracker: keyset-friendly list indexes, dashboard indexes, days to close

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 17:54:27

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('days_to_close', sa.Float(), nullable=True))
        batch_op.drop_index('ix_problems_created')
        batch_op.drop_index('ix_problems_status_due')
        batch_op.create_index('ix_problems_status_due',
                              ['status', 'due_at', 'company_id', 'department_id'], unique=False)
        batch_op.create_index('ix_problems_created_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_problems_due_id', ['due_at', 'id'], unique=False)
        batch_op.create_index('ix_problems_status_close_days', ['status', 'days_to_close'],
                              unique=False)
        batch_op.create_index('ix_problems_status_created', ['status', 'created_at'],
                              unique=False)
        # Area dashboards; these and the next lead with the column they replace.
        batch_op.drop_index('ix_problems_area_id')
        batch_op.drop_index('ix_problems_department_id')
        batch_op.create_index('ix_problems_area_status_created',
                              ['area_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('ix_problems_area_status_due',
                              ['area_id', 'status', 'due_at', 'company_id', 'department_id'],
                              unique=False)
        batch_op.create_index('ix_problems_area_status_close_days',
                              ['area_id', 'status', 'days_to_close', 'closed_at'], unique=False)
        for column in ('severity', 'source', 'category'):
            batch_op.drop_index(f'ix_problems_{column}')
            batch_op.create_index(f'ix_problems_{column}_status', [column, 'status'],
                                  unique=False)
        batch_op.create_index('ix_problems_department_status', ['department_id', 'status'],
                              unique=False)
        unacknowledged = sa.text('department_id IS NOT NULL AND acknowledged_at IS NULL')
        batch_op.create_index('ix_problems_unacknowledged', ['department_id', 'status'],
                              unique=False, sqlite_where=unacknowledged,
                              postgresql_where=unacknowledged)
    # Problems closed before this column existed.
    if op.get_bind().dialect.name == 'postgresql':
        days = "EXTRACT(EPOCH FROM closed_at - created_at) / 86400.0"
    else:
        days = "julianday(closed_at) - julianday(created_at)"
    op.execute(f"UPDATE problems SET days_to_close = {days} "
               "WHERE status = 'closed' AND closed_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_unacknowledged')
        batch_op.drop_index('ix_problems_department_status')
        for column in ('severity', 'source', 'category'):
            batch_op.drop_index(f'ix_problems_{column}_status')
            batch_op.create_index(f'ix_problems_{column}', [column], unique=False)
        batch_op.drop_index('ix_problems_area_status_close_days')
        batch_op.drop_index('ix_problems_area_status_due')
        batch_op.drop_index('ix_problems_area_status_created')
        batch_op.create_index('ix_problems_department_id', ['department_id'], unique=False)
        batch_op.create_index('ix_problems_area_id', ['area_id'], unique=False)
        batch_op.drop_index('ix_problems_status_created')
        batch_op.drop_index('ix_problems_status_close_days')
        batch_op.drop_index('ix_problems_due_id')
        batch_op.drop_index('ix_problems_created_id')
        batch_op.drop_index('ix_problems_status_due')
        batch_op.create_index('ix_problems_status_due', ['status', 'due_at'], unique=False)
        batch_op.create_index('ix_problems_created', ['created_at'], unique=False)
        batch_op.drop_column('days_to_close')
