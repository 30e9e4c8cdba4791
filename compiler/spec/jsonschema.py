"""The JSON Schema of a spec file, for editors (yaml-language-server)."""

from __future__ import annotations

from compiler.spec.models import SHORT_FORMS, DomainSpec


def spec_json_schema() -> dict:
    schema = DomainSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "schemac domain spec"
    for name, definition in schema.get("$defs", {}).items():
        if name in SHORT_FORMS:
            full = dict(definition)
            definition.clear()
            definition["anyOf"] = [full, SHORT_FORMS[name]]
    return schema
