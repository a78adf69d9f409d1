"""The alliance domain's blueprint; each part nests its own under it."""

from flask import Blueprint

bp = Blueprint("alliance", __name__, url_prefix="/alliance")
