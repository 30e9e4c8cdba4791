"""Spec files: YAML with source marks, Pydantic models, and loading."""
