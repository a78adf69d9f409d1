"""The inspections part's nested blueprint; its routes live in views.py and library.py."""

from flask import Blueprint

bp = Blueprint("inspections", __name__, url_prefix="/inspections")


@bp.context_processor
def _item_locale() -> dict:
    """Items carry Chinese and English text; pages pick the reader's."""
    from flask_babel import get_locale

    return {"item_locale": str(get_locale() or "zh")}
