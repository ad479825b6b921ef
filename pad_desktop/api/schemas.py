"""The API's documented shapes: the original service's responses, and the request schema built
from the active model's signature (so `/docs` shows the real fields, their rules and an example).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pad_desktop.model.signature import Signature


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    message: str


class ModelStatus(BaseModel):
    status: Literal["loaded"] = "loaded"
    model_loaded: bool = True
    model_id: str
    model_name: str
    model_sha256: str
    decision_log: str = Field(description="Where decisions are recorded (password hidden).")
    decision_log_connected: bool
    decisions_pending: int = Field(description="Decisions recorded locally, not yet delivered.")
    decisions_rejected: int = Field(
        0, description="Records the database refused, kept aside until `pad-desktop db redeliver`."
    )


class Column(BaseModel):
    name: str
    type: str = Field(description="MLflow column type: double, long, boolean or string.")
    description: str
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    categories: list[str] | None = None


class ModelSignature(BaseModel):
    """The original service's shape (`message`, `columns`, `nb_features`), ours beside it."""

    message: str
    columns: list[Column]
    nb_features: int = Field(description="Number of input columns (the original's name).")
    n_features: int = Field(description="Number of features the model itself takes.")


class OriginalModelInfo(BaseModel):
    """The original service's `info` object, field for field."""

    exists: bool = True
    model_type: str | None = Field(description="The model's kind, e.g. CatBoostClassifier.")
    model_name: str | None = Field(description="The model file in the bundle.")
    mlflow_model_id: str | None
    created_on: str | None = Field(description="MLflow's utc_time_created.")
    nb_feature: int
    best_threshold: float


class ModelInfo(BaseModel):
    """The original service's shape (`message`, `info`), ours beside it."""

    message: str
    info: OriginalModelInfo
    version: str
    creation_date: str
    threshold: float
    model_id: str
    model_name: str
    model_sha256: str


class ReloadRequest(BaseModel):
    """Strict: `pull` is a JSON boolean (not 0, "true" or NaN); no other field is accepted, so
    a client cannot choose the revision (the server installs the one IT configured)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    pull: bool = Field(
        False,
        description="Fetch and install the bundle of the revision the server is configured "
        "with (HF_REVISION) from the Hub first.",
    )


class ReloadResult(BaseModel):
    message: str
    changed: bool
    previous_model_id: str
    model_id: str
    version: str


class Score(BaseModel):
    """The original service's answer, with the reasons and the decision's id in the log."""

    score: float = Field(description="Probability of default, between 0 and 1.")
    prediction: Literal[0, 1] = Field(description="1: predicted default (refused).")
    threshold: float = Field(description="Scores at or above it are refused.")
    decision: Literal["Accordé", "Refusé"]
    reasons: list[str] = Field(description="Up to 4 factors that raised the risk the most.")
    decision_id: str = Field(description="The decision's id in the decision log (uuid).")
    referred: bool | None = Field(
        None, description="True when the case is referred to human review by the stop switch."
    )
    stopped: dict[str, str | None] | None = Field(
        None, description="Who stopped automated decisions, why, the control event's id."
    )


class Problem(BaseModel):
    loc: list[str | int] = Field(description='["body", field] or ["body", row, field]')
    msg: str
    type: str = Field(description="The rule that was broken (missing, below_min, ...).")
    input: Any = None


class ValidationProblems(BaseModel):
    detail: list[Problem]


class Failure(BaseModel):
    detail: str
    error_id: str | None = None


_MIMETYPE = "application/json"
_ERRORS = {
    "401": "Missing X-API-Key header",
    "403": "Wrong X-API-Key",
    "413": "Request body too large",
    "503": "The decision could not be recorded, or the model in use is unusable (nothing was "
    "decided)",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {_MIMETYPE: {"schema": schema}}}


def _operation(summary: str, description: str, request: dict, answer: dict, op_id: str) -> dict:
    responses = {
        "200": _json(answer, "Scored"),
        "422": _json(_ref("ValidationProblems"), "Invalid applicant: which field, which rule"),
    }
    responses["503"] = _json(_ref("Failure"), _ERRORS["503"])
    return {
        "summary": summary,
        "description": description,
        "operationId": op_id,
        "tags": ["scoring"],
        "requestBody": {"required": True, "content": {_MIMETYPE: {"schema": request}}},
        "responses": responses,
    }


def add_scoring_paths(doc: dict[str, Any], signature: Signature) -> None:
    """Document the two scoring endpoints (plain ASGI endpoints) in an OpenAPI document."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    template = "#/components/schemas/{model}"
    applicant = signature.json_schema()
    applicant["properties"]["applicant_id"] = {
        "title": "Case reference",
        "description": "Optional: the case or applicant number the decision is recorded with "
        "(History finds it by this reference).",
        "type": "string",
        "maxLength": 200,
        "pattern": "^[^\\u0000]*$",
    }
    schemas["Applicant"] = applicant
    for model in (Score, ValidationProblems, Failure):
        schema = model.model_json_schema(ref_template=template)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    paths = doc.setdefault("paths", {})
    paths["/individual_score"] = {
        "post": _operation(
            "Score one applicant",
            "Validates the applicant against the model's signature, scores it and records the "
            "decision (source `api`) before answering.",
            _ref("Applicant"),
            _ref("Score"),
            "individual_score",
        )
    }
    paths["/multiple_score"] = {
        "post": _operation(
            "Score a list of applicants",
            "Scores every applicant in one vectorised pass and records the decisions as one "
            "batch before answering, in the same order. If any applicant is invalid, nothing is "
            'scored or recorded: the 422 lists every problem as ["body", row, field].',
            {"type": "array", "items": _ref("Applicant")},
            {"type": "array", "items": _ref("Score")},
            "multiple_score",
        )
    }


def add_api_key_scheme(doc: dict[str, Any], open_paths: frozenset[str]) -> None:
    """Declare the X-API-Key header so that /docs can send it ("Authorize")."""
    from pad_desktop.api.gate import API_KEY_HEADER

    doc.setdefault("components", {}).setdefault("securitySchemes", {})["APIKey"] = {
        "type": "apiKey",
        "in": "header",
        "name": API_KEY_HEADER,
    }
    for path, operations in doc.get("paths", {}).items():
        if path not in open_paths:
            for operation in operations.values():
                # both keys where the operation already needs one (the admin key of reloads)
                needs = operation.get("security") or [{}]
                operation["security"] = [{"APIKey": [], **need} for need in needs]
                responses = operation.setdefault("responses", {})
                for code in ("401", "403"):
                    responses.setdefault(code, _json(_ref("Failure"), _ERRORS[code]))


def add_gate_answers(doc: dict[str, Any]) -> None:
    """Every operation that takes a body may be refused as too large."""
    doc.setdefault("components", {}).setdefault("schemas", {})["Failure"] = (
        Failure.model_json_schema()
    )
    for operations in doc.get("paths", {}).values():
        for method, operation in operations.items():
            if method in ("post", "put", "patch"):
                operation.setdefault("responses", {}).setdefault(
                    "413", _json(_ref("Failure"), _ERRORS["413"])
                )
