"""schemac: a declarative schema-as-code compiler for PostgreSQL."""

__version__ = "0.1.0"
