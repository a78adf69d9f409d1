"""The platform admin's pages: functional areas, companies, departments and users."""
