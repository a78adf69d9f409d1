"""tracker: points, problems, timeline, routing

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('problem_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_problem_counters'))
    )
    op.create_table('tracker_due_rules',
    sa.Column('severity', sa.Enum('minor', 'major', 'critical', name='severity', native_enum=False, length=32), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('severity', name=op.f('pk_tracker_due_rules'))
    )
    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('fire', 'electrical', 'chemicals', 'special_equipment', 'confined_space', 'work_at_height', 'structure', 'storage', 'evacuation', 'housekeeping', 'management', 'other', name='problem_category', native_enum=False, length=32), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['functional_areas.id'], name=op.f('fk_routing_rules_area_id_functional_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_routing_rules_department_id_departments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules')),
    sa.UniqueConstraint('category', 'area_id', name=op.f('uq_routing_rules_category_area_id'))
    )
    op.create_table('points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('site', 'building', 'area', name='point_kind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('focus_target', sa.Enum('old_equipment', 'warehouse_conversion', 'biomedicine', 'industrial_premises', 'high_rise', 'other', name='focus_target', native_enum=False, length=32), nullable=False),
    sa.Column('responsible_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('scan_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_points_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['points.id'], name=op.f('fk_points_parent_id_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responsible_id'], ['users.id'], name=op.f('fk_points_responsible_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_points')),
    sa.UniqueConstraint('code', name=op.f('uq_points_code'))
    )
    with op.batch_alter_table('points', schema=None) as batch_op:
        batch_op.create_index('ix_points_company_parent', ['company_id', 'parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_focus_target'), ['focus_target'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_parent_id'), ['parent_id'], unique=False)

    op.create_table('point_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['point_id'], ['points.id'], name=op.f('fk_point_codes_point_id_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_point_codes_revoked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_codes')),
    sa.UniqueConstraint('code', name=op.f('uq_point_codes_code'))
    )
    with op.batch_alter_table('point_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_codes_point_id'), ['point_id'], unique=False)

    op.create_table('point_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('scanned_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['point_id'], ['points.id'], name=op.f('fk_point_scans_point_id_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_point_scans_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_point_scans'))
    )
    with op.batch_alter_table('point_scans', schema=None) as batch_op:
        batch_op.create_index('ix_point_scans_point_time', ['point_id', 'scanned_at'], unique=False)

    op.create_table('problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.Enum('fire', 'electrical', 'chemicals', 'special_equipment', 'confined_space', 'work_at_height', 'structure', 'storage', 'evacuation', 'housekeeping', 'management', 'other', name='problem_category', native_enum=False, length=32), nullable=False),
    sa.Column('severity', sa.Enum('minor', 'major', 'critical', name='severity', native_enum=False, length=32), nullable=False),
    sa.Column('source', sa.Enum('peer_inspection', 'supervisor_visit', 'whistle', 'self_check', 'event', name='problem_source', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('reported', 'assigned', 'rectifying', 'awaiting_verification', 'closed', 'rejected', 'reopened', name='problem_status', native_enum=False, length=32), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('location_text', sa.String(length=300), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reporter_company_id', sa.Integer(), nullable=True),
    sa.Column('reporter_name', sa.String(length=100), nullable=False),
    sa.Column('reporter_phone', sa.String(length=40), nullable=False),
    sa.Column('follow_token', sa.String(length=64), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('routed_at', sa.DateTime(), nullable=True),
    sa.Column('ack_due_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('escalation_stage', sa.Integer(), nullable=False),
    sa.Column('rectified_at', sa.DateTime(), nullable=True),
    sa.Column('rectified_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], name=op.f('fk_problems_acknowledged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['area_id'], ['functional_areas.id'], name=op.f('fk_problems_area_id_functional_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_problems_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_problems_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_problems_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['problems.id'], name=op.f('fk_problems_duplicate_of_id_problems'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['point_id'], ['points.id'], name=op.f('fk_problems_point_id_points'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rectified_by_id'], ['users.id'], name=op.f('fk_problems_rectified_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_company_id'], ['companies.id'], name=op.f('fk_problems_reporter_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_problems_reporter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_problems_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problems')),
    sa.UniqueConstraint('follow_token', name=op.f('uq_problems_follow_token')),
    sa.UniqueConstraint('number', name=op.f('uq_problems_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_problems_year_seq'))
    )
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problems_ack_due_at'), ['ack_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index('ix_problems_company_status', ['company_id', 'status'], unique=False)
        batch_op.create_index('ix_problems_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_point_id'), ['point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_reporter_company_id'), ['reporter_company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_severity'), ['severity'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_status'), ['status'], unique=False)
        batch_op.create_index('ix_problems_status_due', ['status', 'due_at'], unique=False)

    op.create_table('problem_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.Enum('created', 'transition', 'comment', 'assigned', 'due_changed', 'routed', 'acknowledged', 'rerouted', 'escalated', 'photo', 'linked', 'watch', name='problem_event_kind', native_enum=False, length=32), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_problem_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_events_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_events'))
    )
    with op.batch_alter_table('problem_events', schema=None) as batch_op:
        batch_op.create_index('ix_problem_events_problem_time', ['problem_id', 'created_at'], unique=False)

    op.create_table('problem_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_links_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_links')),
    sa.UniqueConstraint('problem_id', 'target_kind', 'target_id', name=op.f('uq_problem_links_problem_id_target_kind_target_id'))
    )
    with op.batch_alter_table('problem_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_links_problem_id'), ['problem_id'], unique=False)

    op.create_table('problem_watchers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_watchers_problem_id_problems'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_problem_watchers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_watchers')),
    sa.UniqueConstraint('problem_id', 'user_id', name=op.f('uq_problem_watchers_problem_id_user_id'))
    )
    with op.batch_alter_table('problem_watchers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_watchers_user_id'), ['user_id'], unique=False)

    op.create_table('tracker_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_tracker_reminders_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracker_reminders')),
    sa.UniqueConstraint('problem_id', 'kind', 'stage', name=op.f('uq_tracker_reminders_problem_id_kind_stage'))
    )
    op.create_table('problem_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('before', 'after', 'other', name='photo_stage', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['problem_events.id'], name=op.f('fk_problem_photos_event_id_problem_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['media_id'], ['media_files.id'], name=op.f('fk_problem_photos_media_id_media_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_photos_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_photos'))
    )
    with op.batch_alter_table('problem_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_photos_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problem_photos_problem_id'), ['problem_id'], unique=False)




def downgrade():

    with op.batch_alter_table('problem_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_photos_problem_id'))
        batch_op.drop_index(batch_op.f('ix_problem_photos_event_id'))

    op.drop_table('problem_photos')
    op.drop_table('tracker_reminders')
    with op.batch_alter_table('problem_watchers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_watchers_user_id'))

    op.drop_table('problem_watchers')
    with op.batch_alter_table('problem_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_links_problem_id'))

    op.drop_table('problem_links')
    with op.batch_alter_table('problem_events', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_events_problem_time')

    op.drop_table('problem_events')
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_status_due')
        batch_op.drop_index(batch_op.f('ix_problems_status'))
        batch_op.drop_index(batch_op.f('ix_problems_source'))
        batch_op.drop_index(batch_op.f('ix_problems_severity'))
        batch_op.drop_index(batch_op.f('ix_problems_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_problems_reporter_company_id'))
        batch_op.drop_index(batch_op.f('ix_problems_point_id'))
        batch_op.drop_index(batch_op.f('ix_problems_department_id'))
        batch_op.drop_index('ix_problems_created')
        batch_op.drop_index('ix_problems_company_status')
        batch_op.drop_index(batch_op.f('ix_problems_closed_at'))
        batch_op.drop_index(batch_op.f('ix_problems_category'))
        batch_op.drop_index(batch_op.f('ix_problems_assignee_id'))
        batch_op.drop_index(batch_op.f('ix_problems_area_id'))
        batch_op.drop_index(batch_op.f('ix_problems_ack_due_at'))

    op.drop_table('problems')
    with op.batch_alter_table('point_scans', schema=None) as batch_op:
        batch_op.drop_index('ix_point_scans_point_time')

    op.drop_table('point_scans')
    with op.batch_alter_table('point_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_codes_point_id'))

    op.drop_table('point_codes')
    with op.batch_alter_table('points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_points_parent_id'))
        batch_op.drop_index(batch_op.f('ix_points_focus_target'))
        batch_op.drop_index('ix_points_company_parent')

    op.drop_table('points')
    op.drop_table('routing_rules')
    op.drop_table('tracker_due_rules')
    op.drop_table('problem_counters')

