"""JSON Schema for claim files, generated from the same model the validator uses."""

from __future__ import annotations

from typing import Any

from .model import Claim
from .settings import Settings

SCHEMA_ID = "https://factcheck.example.org/schema/claim.schema.json"


def claim_json_schema(settings: Settings) -> dict[str, Any]:
    schema = Claim.model_json_schema()
    keys = [r.key for r in settings.rating_scale]
    # The scale lives in mkdocs.yml, not in the model: both rating fields get it from there.
    rating = schema["$defs"]["Verdict"]["properties"]["rating"]
    rating["enum"] = keys
    rating["description"] = "One of: " + ", ".join(keys)
    previous = schema["$defs"]["Correction"]["properties"]["previous_rating"]
    for choice in previous["anyOf"]:
        if choice.get("type") == "string":
            choice["enum"] = keys
    # Likewise the team: editors' tools offer its keys for `authors` and `editors`.
    team = [member.key for member in settings.team]
    if team:
        for role in ("authors", "editors"):
            items = schema["properties"][role]["items"]
            items["enum"] = team
            items["description"] = "One of: " + ", ".join(team)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
