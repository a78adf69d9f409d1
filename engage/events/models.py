"""Every table of the events domain, so the app registers them all."""

from engage.events.awards.models import AudienceVote, AwardCategory, JuryScore  # noqa: F401
from engage.events.catalogue.models import Event, EventOrganiser  # noqa: F401
from engage.events.media.models import Album, Photo, Video  # noqa: F401
from engage.events.performances.models import EventJuror, Performance  # noqa: F401
from engage.events.registration.models import Registration, RegistrationGroup  # noqa: F401
