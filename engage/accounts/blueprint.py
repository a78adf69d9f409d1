"""The accounts blueprint; its parts' blueprints are registered on it in views.py."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
