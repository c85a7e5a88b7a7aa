"""The OpenAPI document, generated from the same pydantic models that validate and serialise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from factcheck import __version__
from factcheck.documents import MAX_ARTICLE_ID_CHARS
from factcheck.schemas import (
    ArticleDetail,
    ArticlePage,
    ArticlesRequest,
    CheckRequest,
    CheckResponse,
    CheckTextRequest,
    DeleteResponse,
    FactCheckIngestRequest,
    FactCheckIngestResponse,
    FactCheckOut,
    FactCheckPage,
    FactChecksRequest,
    IngestRequest,
    IngestResponse,
    StanceRequest,
    StanceResponse,
    TextCheckResponse,
)

REF = "#/components/schemas/{model}"


class ErrorBody(BaseModel):
    detail: str
    errors: list[dict[str, str]] | None = None


@dataclass(frozen=True)
class Operation:
    method: Literal["get", "post", "delete"]
    path: str
    summary: str
    request: type[BaseModel] | None
    response: type[BaseModel] | None
    errors: tuple[int, ...]
    path_params: tuple[str, ...] = ()
    tag: str = "check"
    query: type[BaseModel] | None = None
    # Writes always need an API key; reads only when the server is configured so.
    write: bool = False
    # Also answers application/ld+json (a ClaimReview draft) when the client asks for it.
    ld_json: bool = False


_READ_ERRORS = (401, 403, 422, 503)

OPERATIONS: list[Operation] = [
    Operation("post", "/v1/check",
              "Check a claim against the indexed news, with published fact-checks of the same "
              "claim; `Accept: application/ld+json` answers a ClaimReview draft instead",
              CheckRequest, CheckResponse, (401, 403, 413, 415, 422, 503), ld_json=True),
    Operation("post", "/v1/check-text",
              "Check every check-worthy sentence of a draft, with its offsets in the draft",
              CheckTextRequest, TextCheckResponse, (401, 403, 413, 415, 422, 503)),
    Operation("post", "/v1/stance",
              "Judge passages the client already has against a claim (passages about something "
              "else are neutral, with the reason)",
              StanceRequest, StanceResponse, (401, 403, 413, 415, 422)),
    Operation("get", "/v1/articles", "Articles newest first, a page at a time", None,
              ArticlePage, _READ_ERRORS, tag="articles", query=ArticlesRequest),
    Operation("post", "/v1/articles",
              "Index (or update) 1 to 100 articles; searchable when the answer comes",
              IngestRequest, IngestResponse, (401, 403, 413, 415, 422, 503), tag="articles",
              write=True),
    Operation("get", "/v1/articles/{article_id}", "An indexed article with its sentences", None,
              ArticleDetail, (401, 403, 404, 422, 503), path_params=("article_id",),
              tag="articles"),
    Operation("delete", "/v1/articles/{article_id}", "Remove an article and all its sentences",
              None, DeleteResponse, (401, 403, 404, 422, 503), path_params=("article_id",),
              tag="articles", write=True),
    Operation("get", "/v1/fact-checks",
              "Published fact-checks (ClaimReview) by text, publisher, language and age, a page "
              "at a time (the parameters of Fact Check Tools `claims:search`)",
              None, FactCheckPage, _READ_ERRORS, tag="fact-checks", query=FactChecksRequest),
    Operation("post", "/v1/fact-checks",
              "Index 1 to 100 published fact-checks: ClaimReview JSON-LD or Fact Check Tools "
              "claims; searchable when the answer comes",
              FactCheckIngestRequest, FactCheckIngestResponse, (401, 403, 413, 415, 422, 503),
              tag="fact-checks", write=True),
    Operation("get", "/v1/fact-checks/{fact_check_id}", "One published fact-check", None,
              FactCheckOut, (401, 403, 404, 422, 503), path_params=("fact_check_id",),
              tag="fact-checks"),
]

# What `Accept: application/ld+json` on POST /v1/check answers: the shape of the draft.
_CLAIM_REVIEW_DRAFT: dict[str, Any] = {
    "type": "object",
    "description": "A schema.org ClaimReview JSON-LD draft: `claimReviewed`, `itemReviewed` "
    "(claimant and appearances where known), `citation` (the evidence articles); "
    "`reviewRating`, `author`, `url` and `datePublished` are left null for the editor.",
    "required": ["@context", "@type", "claimReviewed", "itemReviewed", "reviewRating"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string"},
        "itemReviewed": {"type": "object"},
        "reviewRating": {"type": "object"},
        "citation": {"type": "array", "items": {"type": "object"}},
    },
}

_ERROR_TEXT = {
    400: "Malformed request body",
    401: "Missing API key",
    403: "API key not accepted",
    404: "Not found",
    413: "Request body too large",
    415: "Content-Type is not application/json",
    422: "Invalid request; `errors` names each field and the reason",
    429: "Rate limit exceeded; see Retry-After",
    503: "Elasticsearch unavailable or index missing",
}


def _operation(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    """One operation of the document: parameters, body, answers and errors, all by reference."""
    entry: dict[str, Any] = {
        "summary": op.summary,
        "tags": [op.tag],
        "operationId": _operation_id(op),
        "responses": {},
    }
    entry["security"] = _WRITE_SECURITY if op.write else _READ_SECURITY
    parameters = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "string", "minLength": 1, "maxLength": MAX_ARTICLE_ID_CHARS}}
        for name in op.path_params
    ]
    if op.query is not None:
        parameters.extend(_query_parameters(op.query))
    if parameters:
        entry["parameters"] = parameters
    if op.request is not None:
        entry["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(op.request, "validation")]}},
        }
    if op.response is not None:
        entry["responses"]["200"] = {
            "description": "OK",
            "content": {
                "application/json": {"schema": refs[(op.response, "serialization")]}
            },
        }
        if op.ld_json:
            entry["responses"]["200"]["content"]["application/ld+json"] = {
                "schema": _CLAIM_REVIEW_DRAFT
            }
    else:
        entry["responses"]["204"] = {"description": "Done"}
    # Every JSON body can be refused as invalid UTF-8 (api.body.read_json).
    statuses = sorted({*op.errors, 400}) if op.request is not None else op.errors
    for status in statuses:
        entry["responses"][str(status)] = {
            "description": _ERROR_TEXT.get(status, "Error"),
            "content": {
                "application/json": {"schema": refs[(ErrorBody, "serialization")]}
            },
        }
    return entry


def build_openapi(operations: list[Operation] | None = None) -> dict[str, Any]:
    operations = OPERATIONS if operations is None else operations
    models: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        (ErrorBody, "serialization")
    ]
    for op in operations:
        if op.request is not None:
            models.append((op.request, "validation"))
        if op.response is not None:
            models.append((op.response, "serialization"))
    refs, schema = models_json_schema(models, ref_template=REF)

    paths: dict[str, dict[str, Any]] = {
        "/healthz": {"get": _probe("The process is up")},
        "/readyz": {"get": _probe("Elasticsearch is reachable and the index exists", 503)},
    }
    for op in operations:
        paths.setdefault(op.path, {})[op.method] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Fact-check service",
            "version": __version__,
            "description": "Check claims against indexed news: supporting and contradicting "
            "passages with source, date and attribution, and an overall verdict. The same "
            "operations are served over GraphQL at `/graphql` (schema: `schema.graphql`).",
        },
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key from FACTCHECK_API__API_KEYS.",
                }
            },
        },
    }


# An empty requirement makes the key optional: reads are open unless the server requires keys.
_READ_SECURITY: list[dict[str, list[str]]] = [{}, {"apiKey": []}]
_WRITE_SECURITY: list[dict[str, list[str]]] = [{"apiKey": []}]


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "in": "query",
            "required": name in required,
            "description": prop.pop("description", ""),
            "schema": prop,
        }
        for name, prop in schema["properties"].items()
    ]


def _probe(description: str, *statuses: int) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": description}}
    for status in statuses:
        responses[str(status)] = {"description": "Not ready; `detail` says why"}
    return {"summary": description, "tags": ["probes"], "responses": responses}


def _operation_id(op: Operation) -> str:
    words = op.path.strip("/").replace("{", "").replace("}", "").replace("-", "_").split("/")
    return "_".join([op.method, *words])
