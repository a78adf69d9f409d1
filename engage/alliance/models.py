"""Every table of the alliance domain, so the app registers them all."""

from engage.alliance.aid.models import *  # noqa: F403
from engage.alliance.alliances.models import *  # noqa: F403
from engage.alliance.inspections.models import *  # noqa: F403
from engage.alliance.posts.models import *  # noqa: F403
from engage.alliance.sixlinks.models import *  # noqa: F403
from engage.alliance.taskforces.models import *  # noqa: F403
