"""The dashboard keeps no tables: it reads the other parts'."""
