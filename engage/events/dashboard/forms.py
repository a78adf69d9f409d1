"""The dashboard has no forms: it reads and exports."""
