"""Form fields the parts share: a moment typed in the reader's zone, stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField

from engage.core.timeutil import reader_zone


class LocalDateTimeField(DateTimeLocalField):
    """An <input type=datetime-local>: read in the reader's zone, `data` is aware UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)
        if self.data is not None:
            if not 2000 <= self.data.year <= 2100:
                self.data = None
                raise ValueError(_l("Give a date between the years 2000 and 2100."))
            self.data = self.data.replace(tzinfo=reader_zone()).astimezone(UTC)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            return self.data.astimezone(reader_zone()).strftime("%Y-%m-%dT%H:%M")
        return ""
