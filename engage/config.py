"""Settings, read from ENGAGE_* environment variables only."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}") from exc


def _secret_key(instance_path: Path) -> str:
    """ENGAGE_SECRET_KEY, else a key generated once into instance/ and kept there."""
    given = os.environ.get("ENGAGE_SECRET_KEY")
    if given:
        return given
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment."""
    instance = Path(instance_path)
    database_url = os.environ.get("ENGAGE_DATABASE_URL") or (
        f"sqlite:///{instance / 'engage.sqlite3'}"
    )
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    max_upload_mb = _int("ENGAGE_MAX_UPLOAD_MB", 10)
    max_video_mb = _int("ENGAGE_MAX_VIDEO_MB", 200)
    secure = _flag("ENGAGE_SECURE_COOKIES")
    redis_url = os.environ.get("ENGAGE_REDIS_URL", "")
    return {
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # One request may carry several files (a whistle with six photos), each of
        # at most ENGAGE_MAX_UPLOAD_MB; the request as a whole stops at this.
        "MAX_CONTENT_LENGTH": _int("ENGAGE_MAX_REQUEST_MB", max(64, max_upload_mb * 2))
        * 1024
        * 1024,
        "ENGAGE_MAX_UPLOAD_MB": max_upload_mb,
        # Pixels an image may decode to (a JPEG larger than needed decodes at 1/2 to
        # 1/8 scale, so a 48 Mpx phone photo decodes to 12 Mpx): signed in, 50 million;
        # without an account, what is stored anyway (4096 x 4096). Images decoded at
        # once per worker process: ENGAGE_IMAGE_DECODERS.
        "ENGAGE_MAX_IMAGE_PIXELS": _int("ENGAGE_MAX_IMAGE_PIXELS", 50_000_000),
        "ENGAGE_MAX_ANONYMOUS_IMAGE_PIXELS": _int("ENGAGE_MAX_ANONYMOUS_IMAGE_PIXELS", 4096 * 4096),
        "ENGAGE_IMAGE_DECODERS": _int("ENGAGE_IMAGE_DECODERS", 1),
        # A video (event media, rehearsals) may be larger than other uploads: the
        # video upload pages raise the request limit for themselves.
        "ENGAGE_MAX_VIDEO_MB": max_video_mb,
        "ENGAGE_MEDIA_DIR": os.environ.get("ENGAGE_MEDIA_DIR") or str(instance / "media"),
        # A CJK font for PDF reports (`path` or `path#index` in a collection); empty: the
        # first found of the system's (fonts-noto-cjk, fonts-wqy-*).
        "ENGAGE_PDF_FONT": os.environ.get("ENGAGE_PDF_FONT", ""),
        "ENGAGE_OUTBOX_DIR": os.environ.get("ENGAGE_OUTBOX_DIR") or str(instance / "outbox"),
        "ENGAGE_BASE_URL": base_url(os.environ),
        "ENGAGE_TIMEZONE": os.environ.get("ENGAGE_TIMEZONE", "Asia/Shanghai"),
        "ENGAGE_MAIL_FROM": os.environ.get("ENGAGE_MAIL_FROM", "Engage <no-reply@engage.invalid>"),
        "ENGAGE_SMTP_HOST": os.environ.get("ENGAGE_SMTP_HOST", ""),
        "ENGAGE_SMTP_PORT": _int("ENGAGE_SMTP_PORT", 587),
        "ENGAGE_SMTP_USER": os.environ.get("ENGAGE_SMTP_USER", ""),
        "ENGAGE_SMTP_PASSWORD": os.environ.get("ENGAGE_SMTP_PASSWORD", ""),
        "ENGAGE_SMTP_TLS": _flag("ENGAGE_SMTP_TLS", True),
        "ENGAGE_PASSWORD_RESET_HOURS": _int("ENGAGE_PASSWORD_RESET_HOURS", 2),
        "ENGAGE_WELCOME_LINK_DAYS": _int("ENGAGE_WELCOME_LINK_DAYS", 7),
        # Failed sign-ins per address (a workshop signs in from one address: only
        # failures count); per account and address, delays after a few failures.
        "ENGAGE_LOGIN_LIMIT": os.environ.get("ENGAGE_LOGIN_LIMIT", "30 per 5 minutes"),
        "ENGAGE_LOGIN_FREE_FAILURES": _int("ENGAGE_LOGIN_FREE_FAILURES", 5),
        "ENGAGE_LOGIN_DELAY_SECONDS": _int("ENGAGE_LOGIN_DELAY_SECONDS", 30),
        "ENGAGE_LOGIN_ALERT_FAILURES": _int("ENGAGE_LOGIN_ALERT_FAILURES", 10),
        "ENGAGE_REPORT_IN_HOURS": _int("ENGAGE_REPORT_IN_HOURS", 24),
        "ENGAGE_ESCALATION_HOURS": _int("ENGAGE_ESCALATION_HOURS", 24),
        "ENGAGE_NOT_FIXED_LIMIT": os.environ.get("ENGAGE_NOT_FIXED_LIMIT", "3 per hour;10 per day"),
        "ENGAGE_WHISTLE_LIMIT": os.environ.get(
            "ENGAGE_WHISTLE_LIMIT", "5 per 10 minutes;20 per day"
        ),
        # Signed-in whistles and problem reports: per account, and per address (a
        # workshop or a site office shares one address). Only reports taken count.
        "ENGAGE_REPORT_LIMIT": os.environ.get(
            "ENGAGE_REPORT_LIMIT", "10 per 10 minutes;40 per day"
        ),
        "ENGAGE_REPORT_ADDRESS_LIMIT": os.environ.get(
            "ENGAGE_REPORT_ADDRESS_LIMIT", "60 per 10 minutes;300 per day"
        ),
        "ENGAGE_REDIS_URL": redis_url,
        # Dashboards and the knowledge home share their figures for this long (0: never).
        "ENGAGE_CACHE_SECONDS": _int("ENGAGE_CACHE_SECONDS", 60),
        # The park's emergency numbers on the emergency guide: `label=number` entries
        # separated by `;`, a label optionally `中文|English` (see docs/knowledge.md).
        "ENGAGE_EMERGENCY_NUMBERS": os.environ.get(
            "ENGAGE_EMERGENCY_NUMBERS",
            "火警|Fire=119;急救|Ambulance=120;报警|Police=110;"
            "园区应急值班|Park emergency duty line=0512-00000000",
        ),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Redis down: limits are counted per worker in memory until it answers again.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        if redis_url
        else {},
        "RATELIMIT_HEADERS_ENABLED": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        "BOOTSTRAP_SERVE_LOCAL": True,
        "BABEL_DEFAULT_LOCALE": "zh_Hans",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "ENGAGE_LANGUAGES": ["zh_Hans", "en"],
    }


def base_url(env) -> str:
    """The public address: ENGAGE_BASE_URL, else where `make run` listens
    (ENGAGE_HOST and ENGAGE_PORT), so QR codes and mailed links work on this machine."""
    given = (env.get("ENGAGE_BASE_URL") or "").strip()
    if given:
        return given.rstrip("/")
    host = (env.get("ENGAGE_HOST") or "127.0.0.1").strip()
    if host in ("0.0.0.0", "::"):  # noqa: S104 - listening everywhere: name this machine
        host = "127.0.0.1"
    port = (env.get("ENGAGE_PORT") or "5000").strip()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"
