"""Users, sign-in, companies, functional areas, departments, roles and memberships."""
