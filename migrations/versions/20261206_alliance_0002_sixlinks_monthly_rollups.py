"""Six links: roll-ups of the link events (per member by month and by year, per alliance,
per company), created and filled from the events; the dashboards read only these.

Revision ID: alliance_0002
Revises: tracker_0001
Create Date: 2026-12-06 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "alliance_0002"
down_revision = "tracker_0001"
branch_labels = None
depends_on = None

LINKS = ("study", "share", "handle", "build", "promote", "manage")


def _link():
    return sa.Enum(*LINKS, name="alliance_link", native_enum=False, length=16)


def upgrade():
    op.create_table(
        "alliance_link_months",
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("link", _link(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_alliance_link_months_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_alliance_link_months_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "alliance_id", "month", "link", "company_id", name=op.f("pk_alliance_link_months")
        ),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_alliance_link_months_company", "alliance_link_months", ["company_id", "month"]
    )
    op.create_table(
        "alliance_link_years",
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("link", _link(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_alliance_link_years_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_alliance_link_years_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "alliance_id", "year", "link", "company_id", name=op.f("pk_alliance_link_years")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "alliance_link_month_totals",
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("link", _link(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_alliance_link_month_totals_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "alliance_id", "month", "link", name=op.f("pk_alliance_link_month_totals")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "alliance_company_link_months",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("link", _link(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_alliance_company_link_months_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "month", "link", name=op.f("pk_alliance_company_link_months")
        ),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO alliance_link_months (alliance_id, month, link, company_id, total) "
        "SELECT alliance_id, month, link, company_id, count(*) FROM alliance_link_events "
        "GROUP BY alliance_id, month, link, company_id"
    )
    op.execute(
        "INSERT INTO alliance_link_years (alliance_id, year, link, company_id, total) "
        "SELECT alliance_id, month / 100, link, company_id, count(*) FROM alliance_link_events "
        "GROUP BY alliance_id, month / 100, link, company_id"
    )
    op.execute(
        "INSERT INTO alliance_link_month_totals (alliance_id, month, link, total) "
        "SELECT alliance_id, month, link, count(*) FROM alliance_link_events "
        "GROUP BY alliance_id, month, link"
    )
    op.execute(
        "INSERT INTO alliance_company_link_months (company_id, month, link, total) "
        "SELECT company_id, month, link, count(*) FROM ("
        "SELECT DISTINCT company_id, month, link, source_kind, source_id "
        "FROM alliance_link_events) AS sources "
        "GROUP BY company_id, month, link"
    )


def downgrade():
    op.drop_table("alliance_company_link_months")
    op.drop_table("alliance_link_month_totals")
    op.drop_table("alliance_link_years")
    op.drop_index("ix_alliance_link_months_company", table_name="alliance_link_months")
    op.drop_table("alliance_link_months")
