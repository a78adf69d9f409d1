"""People, companies, functional areas, departments, and the roles that join them."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from engage.core.i18n import LocalName
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.extensions import db


class PlatformRole(enum.StrEnum):
    """Roles of the park itself, not of a company."""

    ADMIN = "admin"  # the safety committee office
    SUPERVISOR = "supervisor"  # 監管員
    GRID_OFFICER = "grid_officer"  # 網格員


class CompanyRole(enum.StrEnum):
    ADMIN = "admin"
    SAFETY_MANAGER = "safety_manager"  # 企業安全管理員
    EMPLOYEE = "employee"


COMPANY_ROLE_LABELS = {
    CompanyRole.ADMIN: _l("Company admin"),
    CompanyRole.SAFETY_MANAGER: _l("Safety manager"),
    CompanyRole.EMPLOYEE: _l("Employee"),
}

PLATFORM_ROLE_LABELS = {
    PlatformRole.ADMIN: _l("Platform admin"),
    PlatformRole.SUPERVISOR: _l("Supervisor"),
    PlatformRole.GRID_OFFICER: _l("Grid officer"),
}

# The fixed list of industries a company is filed under; the code is stored.
INDUSTRIES = {
    "electronics": _l("Electronics"),
    "semiconductors": _l("Semiconductors"),
    "biomedicine": _l("Biomedicine"),
    "chemicals": _l("Chemicals"),
    "machinery": _l("Machinery and equipment"),
    "manufacturing": _l("General manufacturing"),
    "new_materials": _l("New materials"),
    "automotive": _l("Automotive parts"),
    "food": _l("Food and beverages"),
    "logistics": _l("Logistics and warehousing"),
    "property": _l("Property management"),
    "research": _l("Research and education"),
    "other": _l("Other"),
}


def industry_label(code: str | None) -> str:
    label = INDUSTRIES.get(code or "")
    return str(label) if label is not None else (code or "")


class JoinStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class FunctionalArea(LocalName, TimestampMixin, db.Model):
    """功能區: one of the park's functional areas."""

    __tablename__ = "functional_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)


class Company(LocalName, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_en: Mapped[str | None] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)  # 統一社會信用代碼
    area_id: Mapped[int] = mapped_column(ForeignKey("functional_areas.id"), index=True)
    industry: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    # "unnested": where a company is itself outer-joined (a problem's, an article's, a
    # user's), its area is joined with another LEFT OUTER JOIN rather than a nested
    # (companies JOIN functional_areas), which SQLite materialises by reading every
    # company for each row (45 ms for 20 articles with 2,000 companies).
    area: Mapped[FunctionalArea] = relationship(lazy="joined", innerjoin="unnested")  # type: ignore[arg-type]

    @property
    def industry_label(self) -> str:
        return industry_label(self.industry)


class Department(LocalName, TimestampMixin, db.Model):
    """A responding body of the park: fire, emergency management, market supervision."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40), default="")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    locale: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    platform_role: Mapped[PlatformRole | None] = mapped_column(
        enum_column(PlatformRole, "platform_role"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    company_role: Mapped[CompanyRole | None] = mapped_column(
        enum_column(CompanyRole, "company_role")
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    is_department_lead: Mapped[bool] = mapped_column(Boolean, default=False)

    company: Mapped[Company | None] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")

    # Flask-Login: the id carries the session token, so rotating the token
    # ends every session that holds the old one.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_all_sessions(self) -> None:
        self.session_token = new_session_token()

    @property
    def company_role_label(self) -> str:
        return str(COMPANY_ROLE_LABELS[self.company_role]) if self.company_role else ""

    @property
    def platform_role_label(self) -> str:
        return str(PLATFORM_ROLE_LABELS[self.platform_role]) if self.platform_role else ""

    @property
    def is_admin(self) -> bool:
        return self.platform_role == PlatformRole.ADMIN

    @property
    def is_supervisor(self) -> bool:
        return self.platform_role == PlatformRole.SUPERVISOR

    @property
    def is_grid_officer(self) -> bool:
        return self.platform_role == PlatformRole.GRID_OFFICER

    @property
    def is_park_staff(self) -> bool:
        """Admins, supervisors and grid officers: they see across companies."""
        return self.platform_role is not None

    @property
    def is_company_admin(self) -> bool:
        return self.company_id is not None and self.company_role == CompanyRole.ADMIN

    @property
    def is_safety_manager(self) -> bool:
        """Company admins count as safety managers of their own company."""
        return self.company_id is not None and self.company_role in (
            CompanyRole.ADMIN,
            CompanyRole.SAFETY_MANAGER,
        )


class JoinRequest(TimestampMixin, db.Model):
    """A person asks to join a company; a company admin decides."""

    __tablename__ = "join_requests"
    __table_args__ = (Index("ix_join_requests_company_status", "company_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[JoinStatus] = mapped_column(
        enum_column(JoinStatus, "join_status"), default=JoinStatus.PENDING
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(String(500), default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


# At most one pending request per person.
Index(
    "uq_join_requests_one_pending",
    JoinRequest.user_id,
    unique=True,
    sqlite_where=JoinRequest.status == JoinStatus.PENDING,
    postgresql_where=JoinRequest.status == JoinStatus.PENDING,
)

__all__ = [
    "COMPANY_ROLE_LABELS",
    "INDUSTRIES",
    "PLATFORM_ROLE_LABELS",
    "Company",
    "CompanyRole",
    "Department",
    "FunctionalArea",
    "JoinRequest",
    "JoinStatus",
    "PlatformRole",
    "User",
]
