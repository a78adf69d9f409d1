"""Task forces: the force, its linked alliances and goals, its roster (stints, never deleted),
the problems and points in its charge (by id: the tracker owns them) and its activity log.

Revision ID: taskforces_0001
Revises: inspections_0001
Create Date: 2026-12-01 23:24:50.080719

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'taskforces_0001'
down_revision = 'inspections_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('taskforces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('focus_target', sa.Enum('old_equipment', 'warehouse_conversion', 'biomedicine', 'industrial_premises', 'high_rise', 'other', name='taskforce_focus_target', native_enum=False, length=24), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('goals_text', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('active', 'finished', name='taskforce_status', native_enum=False, length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['functional_areas.id'], name=op.f('fk_taskforces_area_id_functional_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_taskforces_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['leader_id'], ['users.id'], name=op.f('fk_taskforces_leader_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforces')),
    sa.UniqueConstraint('name', name=op.f('uq_taskforces_name'))
    )
    with op.batch_alter_table('taskforces', schema=None) as batch_op:
        batch_op.create_index('ix_taskforces_area_focus', ['area_id', 'focus_target'], unique=False)
        batch_op.create_index(batch_op.f('ix_taskforces_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_taskforces_status'), ['status'], unique=False)

    op.create_table('taskforce_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taskforce_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('visit', 'meeting', 'helped', name='taskforce_activity_kind', native_enum=False, length=16), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('problem_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_taskforce_activities_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_taskforce_activities_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taskforce_id'], ['taskforces.id'], name=op.f('fk_taskforce_activities_taskforce_id_taskforces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforce_activities'))
    )
    with op.batch_alter_table('taskforce_activities', schema=None) as batch_op:
        batch_op.create_index('ix_taskforce_activities_force_day', ['taskforce_id', 'occurred_on'], unique=False)

    op.create_table('taskforce_alliances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taskforce_id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_taskforce_alliances_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taskforce_id'], ['taskforces.id'], name=op.f('fk_taskforce_alliances_taskforce_id_taskforces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforce_alliances')),
    sa.UniqueConstraint('taskforce_id', 'alliance_id', name=op.f('uq_taskforce_alliances_taskforce_id_alliance_id'))
    )
    with op.batch_alter_table('taskforce_alliances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taskforce_alliances_alliance_id'), ['alliance_id'], unique=False)

    op.create_table('taskforce_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taskforce_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('measure', sa.Enum('area_rectified', 'force_closed', 'visits', 'meetings', 'helped', 'points', name='taskforce_measure', native_enum=False, length=24), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['taskforce_id'], ['taskforces.id'], name=op.f('fk_taskforce_goals_taskforce_id_taskforces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforce_goals'))
    )
    with op.batch_alter_table('taskforce_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taskforce_goals_taskforce_id'), ['taskforce_id'], unique=False)

    op.create_table('taskforce_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taskforce_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('supervisor', 'grid_officer', 'safety_manager', 'other', name='taskforce_member_role', native_enum=False, length=24), nullable=False),
    sa.Column('is_party_member', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('left_note', sa.String(length=300), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_taskforce_members_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_taskforce_members_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_taskforce_members_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taskforce_id'], ['taskforces.id'], name=op.f('fk_taskforce_members_taskforce_id_taskforces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_taskforce_members_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforce_members'))
    )
    with op.batch_alter_table('taskforce_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taskforce_members_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_taskforce_members_force_left', ['taskforce_id', 'left_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_taskforce_members_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_taskforce_members_current_user', ['taskforce_id', 'user_id'], unique=True, sqlite_where=sa.text('left_on IS NULL AND user_id IS NOT NULL'), postgresql_where=sa.text('left_on IS NULL AND user_id IS NOT NULL'))

    op.create_table('taskforce_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taskforce_id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_taskforce_points_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taskforce_id'], ['taskforces.id'], name=op.f('fk_taskforce_points_taskforce_id_taskforces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforce_points')),
    sa.UniqueConstraint('taskforce_id', 'point_id', name=op.f('uq_taskforce_points_taskforce_id_point_id'))
    )
    with op.batch_alter_table('taskforce_points', schema=None) as batch_op:
        batch_op.create_index('ix_taskforce_points_point', ['point_id'], unique=False)

    op.create_table('taskforce_problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taskforce_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('picked_in_bulk', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_taskforce_problems_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taskforce_id'], ['taskforces.id'], name=op.f('fk_taskforce_problems_taskforce_id_taskforces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taskforce_problems')),
    sa.UniqueConstraint('taskforce_id', 'problem_id', name=op.f('uq_taskforce_problems_taskforce_id_problem_id'))
    )
    with op.batch_alter_table('taskforce_problems', schema=None) as batch_op:
        batch_op.create_index('ix_taskforce_problems_problem', ['problem_id'], unique=False)



def downgrade():
    with op.batch_alter_table('taskforce_problems', schema=None) as batch_op:
        batch_op.drop_index('ix_taskforce_problems_problem')

    op.drop_table('taskforce_problems')
    with op.batch_alter_table('taskforce_points', schema=None) as batch_op:
        batch_op.drop_index('ix_taskforce_points_point')

    op.drop_table('taskforce_points')
    with op.batch_alter_table('taskforce_members', schema=None) as batch_op:
        batch_op.drop_index('uq_taskforce_members_current_user', sqlite_where=sa.text('left_on IS NULL AND user_id IS NOT NULL'), postgresql_where=sa.text('left_on IS NULL AND user_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_taskforce_members_user_id'))
        batch_op.drop_index('ix_taskforce_members_force_left')
        batch_op.drop_index(batch_op.f('ix_taskforce_members_company_id'))

    op.drop_table('taskforce_members')
    with op.batch_alter_table('taskforce_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taskforce_goals_taskforce_id'))

    op.drop_table('taskforce_goals')
    with op.batch_alter_table('taskforce_alliances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taskforce_alliances_alliance_id'))

    op.drop_table('taskforce_alliances')
    with op.batch_alter_table('taskforce_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_taskforce_activities_force_day')

    op.drop_table('taskforce_activities')
    with op.batch_alter_table('taskforces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taskforces_status'))
        batch_op.drop_index(batch_op.f('ix_taskforces_leader_id'))
        batch_op.drop_index('ix_taskforces_area_focus')

    op.drop_table('taskforces')
