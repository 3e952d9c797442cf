"""JSON Schema for claim files, generated from the same model the validator uses."""

from __future__ import annotations

from typing import Any

from .model import Claim
from .settings import Settings

SCHEMA_ID = "https://factcheck.example.org/schema/claim.schema.json"


def claim_json_schema(settings: Settings) -> dict[str, Any]:
    schema = Claim.model_json_schema()
    rating = schema["$defs"]["Verdict"]["properties"]["rating"]
    rating["enum"] = [r.key for r in settings.rating_scale]
    rating["description"] = "One of: " + ", ".join(r.key for r in settings.rating_scale)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
