"""tracker: the department's act-by time after reporting in, who rectifies, and
notifications that store a local path

Revision ID: tracker_0001
Revises: taskforces_0001
Create Date: 2026-12-06

Once a department has reported in on a whistle it must act by `act_due_at`
(give the work to the company, take it on, or pass it on); `department_rectifies`
says it took the rectification on itself. Notifications stored with an absolute
address (the whistle notifications did) keep only its path, since the
notification list follows local paths only.
"""
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'tracker_0001'
down_revision = 'taskforces_0001'
branch_labels = None
depends_on = None

notifications = sa.table(
    'notifications',
    sa.column('id', sa.Integer),
    sa.column('url', sa.String),
)


def _path(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or '/'
    if not path.startswith('/') or path.startswith('//'):
        return ''
    if parts.query:
        path += '?' + parts.query
    if parts.fragment:
        path += '#' + parts.fragment
    return path


def upgrade():
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('act_due_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('department_rectifies', sa.Boolean(), server_default=sa.false(),
                      nullable=False)
        )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(notifications.c.id, notifications.c.url).where(
            sa.or_(notifications.c.url.like('http://%'), notifications.c.url.like('https://%'))
        )
    ).all()
    for row_id, url in rows:
        bind.execute(
            notifications.update().where(notifications.c.id == row_id).values(url=_path(url))
        )


def downgrade():
    # The notifications' paths stay paths: the absolute addresses were the defect.
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_column('department_rectifies')
        batch_op.drop_column('act_due_at')
