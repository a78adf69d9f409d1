"""alliance: alliances, memberships and join requests; six-links activities and link
events; best-practice posts with revisions, comments, reviews, adoptions, flags and the
moderation log; lesson invitations; mutual-aid resources, requests and offers

Revision ID: alliance_0001
Revises: events_0001
Create Date: 2026-12-01

Partial unique indexes keep one current membership and one pending join request per
company and alliance (WHERE works on SQLite and PostgreSQL). Link events are unique
per (alliance, company, link, source) so a source recorded twice counts once.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'alliance_0001'
down_revision = 'events_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alliance_aid_resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('fire_pump', 'spill_kit', 'breathing_apparatus', 'generator', 'first_aiders', 'other', name='alliance_resource_kind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_aid_resources_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_aid_resources'))
    )
    with op.batch_alter_table('alliance_aid_resources', schema=None) as batch_op:
        batch_op.create_index('ix_alliance_aid_resources_company_kind', ['company_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_alliance_aid_resources_confirmed_at'), ['confirmed_at'], unique=False)

    op.create_table('alliances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('charter', sa.Text(), nullable=False),
    sa.Column('lead_company_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('logo_key', sa.String(length=100), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['functional_areas.id'], name=op.f('fk_alliances_area_id_functional_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_alliances_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_company_id'], ['companies.id'], name=op.f('fk_alliances_lead_company_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliances')),
    sa.UniqueConstraint('name', name=op.f('uq_alliances_name'))
    )
    with op.batch_alter_table('alliances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliances_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alliances_lead_company_id'), ['lead_company_id'], unique=False)

    op.create_table('alliance_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('links', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_for_company_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_activities_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_alliance_activities_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_for_company_id'], ['companies.id'], name=op.f('fk_alliance_activities_recorded_for_company_id_companies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_activities'))
    )
    with op.batch_alter_table('alliance_activities', schema=None) as batch_op:
        batch_op.create_index('ix_alliance_activities_alliance_day', ['alliance_id', 'occurred_on'], unique=False)

    op.create_table('alliance_aid_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('what', sa.String(length=300), nullable=False),
    sa.Column('where', sa.String(length=300), nullable=False),
    sa.Column('urgency', sa.Enum('critical', 'high', 'normal', name='alliance_aid_urgency', native_enum=False, length=16), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='alliance_aid_status', native_enum=False, length=16), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('after_action', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_aid_requests_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_alliance_aid_requests_closed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_aid_requests_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_alliance_aid_requests_raised_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_aid_requests'))
    )
    with op.batch_alter_table('alliance_aid_requests', schema=None) as batch_op:
        batch_op.create_index('ix_alliance_aid_requests_alliance_status', ['alliance_id', 'status'], unique=False)

    op.create_table('alliance_join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'refused', 'withdrawn', name='alliance_join_status', native_enum=False, length=32), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_join_requests_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_join_requests_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_alliance_join_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_alliance_join_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_join_requests'))
    )
    with op.batch_alter_table('alliance_join_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_join_requests_alliance_id'), ['alliance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alliance_join_requests_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alliance_join_requests_status'), ['status'], unique=False)
        batch_op.create_index('uq_alliance_join_requests_pending', ['alliance_id', 'company_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))

    op.create_table('alliance_link_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('link', sa.Enum('study', 'share', 'handle', 'build', 'promote', 'manage', name='alliance_link', native_enum=False, length=16), nullable=False),
    sa.Column('source_kind', sa.Enum('activity', 'post', 'review', 'problem', 'event', 'inspection', 'taskforce', 'article', name='alliance_link_source', native_enum=False, length=16), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_alliance_link_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_link_events_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_link_events_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_link_events')),
    sa.UniqueConstraint('alliance_id', 'company_id', 'link', 'source_kind', 'source_id', name='uq_alliance_link_events_source')
    )
    with op.batch_alter_table('alliance_link_events', schema=None) as batch_op:
        batch_op.create_index('ix_alliance_link_events_alliance_month', ['alliance_id', 'month', 'link', 'company_id'], unique=False)
        batch_op.create_index('ix_alliance_link_events_alliance_day', ['alliance_id', 'occurred_on'], unique=False)
        batch_op.create_index('ix_alliance_link_events_company_month', ['company_id', 'month', 'link'], unique=False)
        batch_op.create_index('ix_alliance_link_events_source', ['source_kind', 'source_id'], unique=False)

    op.create_table('alliance_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('left_by_id', sa.Integer(), nullable=True),
    sa.Column('left_note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_alliance_memberships_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_memberships_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_memberships_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['left_by_id'], ['users.id'], name=op.f('fk_alliance_memberships_left_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_memberships'))
    )
    with op.batch_alter_table('alliance_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_memberships_alliance_id'), ['alliance_id'], unique=False)
        batch_op.create_index('ix_alliance_memberships_company', ['company_id', 'left_at'], unique=False)
        batch_op.create_index('uq_alliance_memberships_current', ['alliance_id', 'company_id'], unique=True, sqlite_where=sa.text('left_at IS NULL'), postgresql_where=sa.text('left_at IS NULL'))

    op.create_table('alliance_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('focus_target', sa.Enum('old_equipment', 'warehouse_conversion', 'biomedicine', 'industrial_premises', 'high_rise', 'other', name='alliance_post_focus', native_enum=False, length=32), nullable=True),
    sa.Column('tags', sa.String(length=400), nullable=False),
    sa.Column('visibility', sa.Enum('alliance', 'park', name='alliance_post_visibility', native_enum=False, length=16), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='alliance_post_status', native_enum=False, length=16), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_reason', sa.String(length=500), nullable=False),
    sa.Column('review_count', sa.Integer(), nullable=False),
    sa.Column('review_score_total', sa.Integer(), nullable=False),
    sa.Column('adoption_count', sa.Integer(), nullable=False),
    sa.Column('source_problem_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_posts_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_alliance_posts_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_posts_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_posts'))
    )
    with op.batch_alter_table('alliance_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_posts_adoption_count'), ['adoption_count'], unique=False)
        batch_op.create_index('ix_alliance_posts_company', ['company_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_alliance_posts_focus_target'), ['focus_target'], unique=False)
        batch_op.create_index('ix_alliance_posts_list', ['status', 'alliance_id', 'published_at'], unique=False)

    op.create_table('alliance_activity_companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['alliance_activities.id'], name=op.f('fk_alliance_activity_companies_activity_id_alliance_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_activity_companies_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_activity_companies')),
    sa.UniqueConstraint('activity_id', 'company_id', name=op.f('uq_alliance_activity_companies_activity_id_company_id'))
    )
    with op.batch_alter_table('alliance_activity_companies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_activity_companies_activity_id'), ['activity_id'], unique=False)

    op.create_table('alliance_activity_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('thumb_key', sa.String(length=100), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_image', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['alliance_activities.id'], name=op.f('fk_alliance_activity_files_activity_id_alliance_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_activity_files'))
    )
    with op.batch_alter_table('alliance_activity_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_activity_files_activity_id'), ['activity_id'], unique=False)

    op.create_table('alliance_activity_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['alliance_activities.id'], name=op.f('fk_alliance_activity_people_activity_id_alliance_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_alliance_activity_people_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_activity_people')),
    sa.UniqueConstraint('activity_id', 'user_id', name=op.f('uq_alliance_activity_people_activity_id_user_id'))
    )
    with op.batch_alter_table('alliance_activity_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_activity_people_activity_id'), ['activity_id'], unique=False)

    op.create_table('alliance_aid_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_aid_offers_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['alliance_aid_requests.id'], name=op.f('fk_alliance_aid_offers_request_id_alliance_aid_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_alliance_aid_offers_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_aid_offers')),
    sa.UniqueConstraint('request_id', 'company_id', name=op.f('uq_alliance_aid_offers_request_id_company_id'))
    )
    with op.batch_alter_table('alliance_aid_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_aid_offers_request_id'), ['request_id'], unique=False)

    op.create_table('alliance_lesson_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('alliance_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('problem_number', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('open', 'declined', 'written', name='alliance_lesson_status', native_enum=False, length=16), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['alliance_id'], ['alliances.id'], name=op.f('fk_alliance_lesson_invites_alliance_id_alliances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_lesson_invites_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_lesson_invites_post_id_alliance_posts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_lesson_invites')),
    sa.UniqueConstraint('problem_id', 'company_id', name=op.f('uq_alliance_lesson_invites_problem_id_company_id'))
    )
    with op.batch_alter_table('alliance_lesson_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_lesson_invites_company_id'), ['company_id'], unique=False)

    op.create_table('alliance_post_adoptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('photo_key', sa.String(length=100), nullable=True),
    sa.Column('photo_thumb_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_post_adoptions_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_adoptions_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_alliance_post_adoptions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_adoptions')),
    sa.UniqueConstraint('post_id', 'company_id', name=op.f('uq_alliance_post_adoptions_post_id_company_id'))
    )
    with op.batch_alter_table('alliance_post_adoptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_adoptions_post_id'), ['post_id'], unique=False)

    op.create_table('alliance_post_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_alliance_post_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['alliance_post_comments.id'], name=op.f('fk_alliance_post_comments_parent_id_alliance_post_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_comments_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_comments'))
    )
    with op.batch_alter_table('alliance_post_comments', schema=None) as batch_op:
        batch_op.create_index('ix_alliance_post_comments_post', ['post_id', 'created_at'], unique=False)

    op.create_table('alliance_post_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_image', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_files_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_files'))
    )
    with op.batch_alter_table('alliance_post_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_files_post_id'), ['post_id'], unique=False)

    op.create_table('alliance_post_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_alliance_post_reviews_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_alliance_post_reviews_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_reviews_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_reviews')),
    sa.UniqueConstraint('post_id', 'company_id', name=op.f('uq_alliance_post_reviews_post_id_company_id'))
    )
    with op.batch_alter_table('alliance_post_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_reviews_post_id'), ['post_id'], unique=False)

    op.create_table('alliance_post_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.String(length=400), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_alliance_post_revisions_editor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_revisions_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_revisions')),
    sa.UniqueConstraint('post_id', 'number', name=op.f('uq_alliance_post_revisions_post_id_number'))
    )
    with op.batch_alter_table('alliance_post_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('alliance_post_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['alliance_post_comments.id'], name=op.f('fk_alliance_post_flags_comment_id_alliance_post_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_flags_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_alliance_post_flags_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_flags'))
    )
    with op.batch_alter_table('alliance_post_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_flags_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alliance_post_flags_resolved_at'), ['resolved_at'], unique=False)

    op.create_table('alliance_post_moderation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_alliance_post_moderation_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['comment_id'], ['alliance_post_comments.id'], name=op.f('fk_alliance_post_moderation_comment_id_alliance_post_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['alliance_posts.id'], name=op.f('fk_alliance_post_moderation_post_id_alliance_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_moderation'))
    )
    with op.batch_alter_table('alliance_post_moderation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_moderation_post_id'), ['post_id'], unique=False)

    op.create_table('alliance_post_review_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_alliance_post_review_revisions_editor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['alliance_post_reviews.id'], name=op.f('fk_alliance_post_review_revisions_review_id_alliance_post_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alliance_post_review_revisions'))
    )
    with op.batch_alter_table('alliance_post_review_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alliance_post_review_revisions_review_id'), ['review_id'], unique=False)



def downgrade():
    with op.batch_alter_table('alliance_post_review_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_review_revisions_review_id'))

    op.drop_table('alliance_post_review_revisions')
    with op.batch_alter_table('alliance_post_moderation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_moderation_post_id'))

    op.drop_table('alliance_post_moderation')
    with op.batch_alter_table('alliance_post_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_flags_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_alliance_post_flags_post_id'))

    op.drop_table('alliance_post_flags')
    with op.batch_alter_table('alliance_post_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_revisions_post_id'))

    op.drop_table('alliance_post_revisions')
    with op.batch_alter_table('alliance_post_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_reviews_post_id'))

    op.drop_table('alliance_post_reviews')
    with op.batch_alter_table('alliance_post_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_files_post_id'))

    op.drop_table('alliance_post_files')
    with op.batch_alter_table('alliance_post_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_alliance_post_comments_post')

    op.drop_table('alliance_post_comments')
    with op.batch_alter_table('alliance_post_adoptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_post_adoptions_post_id'))

    op.drop_table('alliance_post_adoptions')
    with op.batch_alter_table('alliance_lesson_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_lesson_invites_company_id'))

    op.drop_table('alliance_lesson_invites')
    with op.batch_alter_table('alliance_aid_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_aid_offers_request_id'))

    op.drop_table('alliance_aid_offers')
    with op.batch_alter_table('alliance_activity_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_activity_people_activity_id'))

    op.drop_table('alliance_activity_people')
    with op.batch_alter_table('alliance_activity_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_activity_files_activity_id'))

    op.drop_table('alliance_activity_files')
    with op.batch_alter_table('alliance_activity_companies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_activity_companies_activity_id'))

    op.drop_table('alliance_activity_companies')
    with op.batch_alter_table('alliance_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_alliance_posts_list')
        batch_op.drop_index(batch_op.f('ix_alliance_posts_focus_target'))
        batch_op.drop_index('ix_alliance_posts_company')
        batch_op.drop_index(batch_op.f('ix_alliance_posts_adoption_count'))

    op.drop_table('alliance_posts')
    with op.batch_alter_table('alliance_memberships', schema=None) as batch_op:
        batch_op.drop_index('uq_alliance_memberships_current', sqlite_where=sa.text('left_at IS NULL'), postgresql_where=sa.text('left_at IS NULL'))
        batch_op.drop_index('ix_alliance_memberships_company')
        batch_op.drop_index(batch_op.f('ix_alliance_memberships_alliance_id'))

    op.drop_table('alliance_memberships')
    with op.batch_alter_table('alliance_link_events', schema=None) as batch_op:
        batch_op.drop_index('ix_alliance_link_events_source')
        batch_op.drop_index('ix_alliance_link_events_company_month')
        batch_op.drop_index('ix_alliance_link_events_alliance_month')
        batch_op.drop_index('ix_alliance_link_events_alliance_day')

    op.drop_table('alliance_link_events')
    with op.batch_alter_table('alliance_join_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_alliance_join_requests_pending', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_alliance_join_requests_status'))
        batch_op.drop_index(batch_op.f('ix_alliance_join_requests_company_id'))
        batch_op.drop_index(batch_op.f('ix_alliance_join_requests_alliance_id'))

    op.drop_table('alliance_join_requests')
    with op.batch_alter_table('alliance_aid_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_alliance_aid_requests_alliance_status')

    op.drop_table('alliance_aid_requests')
    with op.batch_alter_table('alliance_activities', schema=None) as batch_op:
        batch_op.drop_index('ix_alliance_activities_alliance_day')

    op.drop_table('alliance_activities')
    with op.batch_alter_table('alliances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliances_lead_company_id'))
        batch_op.drop_index(batch_op.f('ix_alliances_area_id'))

    op.drop_table('alliances')
    with op.batch_alter_table('alliance_aid_resources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alliance_aid_resources_confirmed_at'))
        batch_op.drop_index('ix_alliance_aid_resources_company_kind')

    op.drop_table('alliance_aid_resources')
