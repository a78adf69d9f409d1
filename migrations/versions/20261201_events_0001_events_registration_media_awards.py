"""events: events and organisers, registrations and groups, performances and jury,
albums, photos and videos, award categories, votes and jury scores

Revision ID: events_0001
Revises: harden_0001
Create Date: 2026-12-01

`events.taken` is the seat counter changed only by conditional UPDATEs; a CHECK
keeps it within capacity. `uq_registrations_one_active` is a partial unique
index (both engines) so a person holds one active registration per event.
An album's cover refers to one of its photos, which refer to the album: that
foreign key is added once both tables exist, and dropped first on the way down.
`audience_alliance_id` has no foreign key: the alliance domain owns that table.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'events_0001'
down_revision = 'harden_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('showcase', 'drill', 'training', 'competition', 'lecture', name='event_kind', native_enum=False, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('cover_id', sa.Integer(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('taken', sa.Integer(), server_default='0', nullable=False),
    sa.Column('registration_opens_at', sa.DateTime(), nullable=True),
    sa.Column('registration_closes_at', sa.DateTime(), nullable=True),
    sa.Column('submissions_close_at', sa.DateTime(), nullable=True),
    sa.Column('confirm_hours', sa.Integer(), nullable=False),
    sa.Column('changeover_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'cancelled', name='event_status', native_enum=False, length=32), nullable=False),
    sa.Column('audience', sa.Enum('park', 'company', 'alliance', name='event_audience', native_enum=False, length=32), nullable=False),
    sa.Column('audience_company_id', sa.Integer(), nullable=True),
    sa.Column('audience_alliance_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_events_capacity_not_negative')),
    sa.CheckConstraint('taken >= 0 AND taken <= capacity', name=op.f('ck_events_seats_within_capacity')),
    sa.ForeignKeyConstraint(['audience_company_id'], ['companies.id'], name=op.f('fk_events_audience_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cover_id'], ['media_files.id'], name=op.f('fk_events_cover_id_media_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_audience_alliance_id'), ['audience_alliance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_audience_company_id'), ['audience_company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index('ix_events_status_starts_at', ['status', 'starts_at'], unique=False)

    op.create_table('award_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('method', sa.Enum('audience', 'jury', name='award_method', native_enum=False, length=32), nullable=False),
    sa.Column('voting_opens_at', sa.DateTime(), nullable=False),
    sa.Column('voting_closes_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_award_categories_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_categories'))
    )
    with op.batch_alter_table('award_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_categories_event_id'), ['event_id'], unique=False)

    op.create_table('event_albums',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('cover_photo_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_event_albums_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_albums_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_albums'))
    )
    with op.batch_alter_table('event_albums', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_albums_event_id'), ['event_id'], unique=False)

    op.create_table('event_jurors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_jurors_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_jurors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_jurors')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_jurors_event_user')
    )
    with op.batch_alter_table('event_jurors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_jurors_user_id'), ['user_id'], unique=False)

    op.create_table('event_organisers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_organisers_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_organisers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_organisers')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_organisers_event_user')
    )
    with op.batch_alter_table('event_organisers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_organisers_user_id'), ['user_id'], unique=False)

    op.create_table('event_videos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('poster_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_videos_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['poster_id'], ['media_files.id'], name=op.f('fk_event_videos_poster_id_media_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_event_videos_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_videos'))
    )
    with op.batch_alter_table('event_videos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_videos_event_id'), ['event_id'], unique=False)

    op.create_table('performances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('genre', sa.Enum('skit', 'song', 'crosstalk', 'dance', 'recitation', 'other', name='performance_genre', native_enum=False, length=32), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('performers', sa.String(length=1000), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('rehearsal_video_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('submitted', 'changes_requested', 'accepted', 'rejected', 'withdrawn', name='performance_status', native_enum=False, length=32), nullable=False),
    sa.Column('review_note', sa.String(length=1000), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('running_order', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_performances_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_performances_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rehearsal_video_id'], ['event_videos.id'], name='fk_performances_rehearsal_video_id_event_videos', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_performances_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_performances_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performances'))
    )
    with op.batch_alter_table('performances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_performances_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_performances_event_status_order', ['event_id', 'status', 'running_order'], unique=False)

    op.create_table('registration_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_registration_groups_company_id_companies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registration_groups_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_registration_groups_registered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_groups'))
    )
    with op.batch_alter_table('registration_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_groups_event_id'), ['event_id'], unique=False)

    op.create_table('award_jury_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('performance_id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 10', name=op.f('ck_award_jury_scores_score_range')),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_award_jury_scores_category_id_award_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['juror_id'], ['users.id'], name=op.f('fk_award_jury_scores_juror_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['performance_id'], ['performances.id'], name=op.f('fk_award_jury_scores_performance_id_performances'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_jury_scores')),
    sa.UniqueConstraint('category_id', 'performance_id', 'juror_id', name='uq_award_jury_scores_one_each')
    )
    with op.batch_alter_table('award_jury_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_jury_scores_juror_id'), ['juror_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_jury_scores_performance_id'), ['performance_id'], unique=False)

    op.create_table('award_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('performance_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['award_categories.id'], name=op.f('fk_award_votes_category_id_award_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['performance_id'], ['performances.id'], name=op.f('fk_award_votes_performance_id_performances'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_award_votes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_votes')),
    sa.UniqueConstraint('category_id', 'user_id', name='uq_award_votes_one_each')
    )
    with op.batch_alter_table('award_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_votes_performance_id'), ['performance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_votes_user_id'), ['user_id'], unique=False)

    op.create_table('event_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('album_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.Column('caption', sa.String(length=300), nullable=False),
    sa.Column('performance_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['album_id'], ['event_albums.id'], name=op.f('fk_event_photos_album_id_event_albums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_photos_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['media_id'], ['media_files.id'], name=op.f('fk_event_photos_media_id_media_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['performance_id'], ['performances.id'], name=op.f('fk_event_photos_performance_id_performances'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_event_photos_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_photos'))
    )
    with op.batch_alter_table('event_photos', schema=None) as batch_op:
        batch_op.create_index('ix_event_photos_album_id_id', ['album_id', 'id'], unique=False)
        batch_op.create_index('ix_event_photos_event_id_id', ['event_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_photos_performance_id'), ['performance_id'], unique=False)

    with op.batch_alter_table('event_albums', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_event_albums_cover_photo_id_event_photos', 'event_photos',
                                    ['cover_photo_id'], ['id'], ondelete='SET NULL')

    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('confirmed', 'offered', 'waiting', 'cancelled', 'expired', name='registration_status', native_enum=False, length=32), nullable=False),
    sa.Column('queue_position', sa.Integer(), nullable=True),
    sa.Column('ticket_code', sa.String(length=16), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('offered_at', sa.DateTime(), nullable=True),
    sa.Column('confirm_by', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checked_in_by_id'], ['users.id'], name=op.f('fk_registrations_checked_in_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registrations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['registration_groups.id'], name=op.f('fk_registrations_group_id_registration_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_registrations_registered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('ticket_code', name=op.f('uq_registrations_ticket_code'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_confirm_by'), ['confirm_by'], unique=False)
        batch_op.create_index('ix_registrations_event_status_queue', ['event_id', 'status', 'queue_position'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_registrations_one_active', ['event_id', 'user_id'], unique=True, sqlite_where=sa.text("status IN ('confirmed', 'offered', 'waiting')"), postgresql_where=sa.text("status IN ('confirmed', 'offered', 'waiting')"))



def downgrade():
    with op.batch_alter_table('event_albums', schema=None) as batch_op:
        batch_op.drop_constraint('fk_event_albums_cover_photo_id_event_photos', type_='foreignkey')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index('uq_registrations_one_active', sqlite_where=sa.text("status IN ('confirmed', 'offered', 'waiting')"), postgresql_where=sa.text("status IN ('confirmed', 'offered', 'waiting')"))
        batch_op.drop_index(batch_op.f('ix_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_registrations_group_id'))
        batch_op.drop_index('ix_registrations_event_status_queue')
        batch_op.drop_index(batch_op.f('ix_registrations_confirm_by'))

    op.drop_table('registrations')
    with op.batch_alter_table('event_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_photos_performance_id'))
        batch_op.drop_index('ix_event_photos_event_id_id')
        batch_op.drop_index('ix_event_photos_album_id_id')

    op.drop_table('event_photos')
    with op.batch_alter_table('award_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_votes_user_id'))
        batch_op.drop_index(batch_op.f('ix_award_votes_performance_id'))

    op.drop_table('award_votes')
    with op.batch_alter_table('award_jury_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_jury_scores_performance_id'))
        batch_op.drop_index(batch_op.f('ix_award_jury_scores_juror_id'))

    op.drop_table('award_jury_scores')
    with op.batch_alter_table('registration_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_groups_event_id'))

    op.drop_table('registration_groups')
    with op.batch_alter_table('performances', schema=None) as batch_op:
        batch_op.drop_index('ix_performances_event_status_order')
        batch_op.drop_index(batch_op.f('ix_performances_company_id'))

    op.drop_table('performances')
    with op.batch_alter_table('event_videos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_videos_event_id'))

    op.drop_table('event_videos')
    with op.batch_alter_table('event_organisers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_organisers_user_id'))

    op.drop_table('event_organisers')
    with op.batch_alter_table('event_jurors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_jurors_user_id'))

    op.drop_table('event_jurors')
    with op.batch_alter_table('event_albums', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_albums_event_id'))

    op.drop_table('event_albums')
    with op.batch_alter_table('award_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_categories_event_id'))

    op.drop_table('award_categories')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_status_starts_at')
        batch_op.drop_index(batch_op.f('ix_events_starts_at'))
        batch_op.drop_index(batch_op.f('ix_events_kind'))
        batch_op.drop_index(batch_op.f('ix_events_audience_company_id'))
        batch_op.drop_index(batch_op.f('ix_events_audience_alliance_id'))

    op.drop_table('events')
