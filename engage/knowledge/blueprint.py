"""The knowledge blueprint; its parts' blueprints are registered on it in views.py."""

from flask import Blueprint

bp = Blueprint("knowledge", __name__)
