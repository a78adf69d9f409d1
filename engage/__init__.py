"""Engage: the web platform of an industrial park's safety production alliance."""

from __future__ import annotations

import os
from importlib import import_module

from flask import Flask

from engage import config as config_module
from engage.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

# The domain packages, each with a blueprint `bp` in views.py and optionally
# models.py, permissions.py and cli.py. Order is the navbar's order.
DOMAINS = ["core", "accounts", "tracker", "knowledge", "alliance", "events"]
MIGRATIONS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "migrations"))


def create_app(config: dict | None = None) -> Flask:
    """The application factory. `config` overrides what the environment says."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("ENGAGE_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    app.config.from_mapping(config_module.load(app.instance_path))
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)

    _init_extensions(app)
    app.extensions["engage_domains"] = list(DOMAINS)
    for name in DOMAINS:
        _load_domain(app, name)

    from engage.core import http_cache, security, templating

    security.init_app(app)
    templating.init_app(app)
    http_cache.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from engage.core import cache, database, i18n

    db.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.install_jinja_callables(app.jinja_env)
    bootstrap.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)


def _load_domain(app: Flask, name: str) -> None:
    package = f"engage.{name}"
    for module in ("models", "permissions", "menu", "receivers"):
        try:
            import_module(f"{package}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{module}":
                raise
    views = import_module(f"{package}.views")
    app.register_blueprint(views.bp)
    try:
        cli = import_module(f"{package}.cli")
    except ModuleNotFoundError as exc:
        if exc.name != f"{package}.cli":
            raise
    else:
        cli.init_app(app)
