"""Words the whole park shares: focus targets of the task forces and inspections."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class FocusTarget(enum.StrEnum):
    OLD_EQUIPMENT = "old_equipment"  # 老旧设备
    WAREHOUSE_CONVERSION = "warehouse_conversion"  # 工改仓
    BIOMEDICINE = "biomedicine"  # 生物医药载体标准化
    INDUSTRIAL_PREMISES = "industrial_premises"  # 工业载体
    HIGH_RISE = "high_rise"  # 高层楼宇
    OTHER = "other"


FOCUS_TARGET_LABELS = {
    FocusTarget.OLD_EQUIPMENT: _l("Old equipment"),
    FocusTarget.WAREHOUSE_CONVERSION: _l("Industrial building turned warehouse"),
    FocusTarget.BIOMEDICINE: _l("Biomedicine premises"),
    FocusTarget.INDUSTRIAL_PREMISES: _l("Industrial premises"),
    FocusTarget.HIGH_RISE: _l("High-rise building"),
    FocusTarget.OTHER: _l("Other"),
}
