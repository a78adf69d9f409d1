"""The domain events one domain announces and others may hear.

Declared here so that no domain imports another to hear it. The owner sends
after its change is flushed; receivers run inside the sender's transaction,
flush and never commit, and never call back into the sender. An exception in a
receiver propagates to the sender's caller, whose transaction rolls back: a
change is recorded with all its consequences or not at all.

Each signal's sender is the object's id; the keyword `payload` is a small frozen
dataclass that the owning domain exports from its public face.
"""

from __future__ import annotations

from blinker import Namespace

_domain = Namespace()

#: tracker: a problem was opened. payload: tracker.ProblemOpened
problem_opened = _domain.signal("problem-opened")

#: tracker: a problem was closed after verification. payload: tracker.ProblemClosed
#: (who verified, which company rectified, the problem's source).
problem_closed = _domain.signal("problem-closed")

#: tracker: a department reported in (acknowledged) a whistle. payload: tracker.WhistleAcknowledged
whistle_acknowledged = _domain.signal("whistle-acknowledged")

#: knowledge: an article was published (or republished). payload: knowledge.ArticlePublished
article_published = _domain.signal("article-published")

#: events: an event took place or was published with its organisers. payload: events.EventHeld
event_held = _domain.signal("event-held")


def send(signal, sender_id: int, payload) -> None:
    """Announce `payload` on `signal`. Raises whatever a receiver raises."""
    signal.send(sender_id, payload=payload)
