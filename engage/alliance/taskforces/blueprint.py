"""The task forces' nested blueprint (alliance.taskforces.*); routes live in views modules."""

from flask import Blueprint

bp = Blueprint("taskforces", __name__, url_prefix="/taskforces")
