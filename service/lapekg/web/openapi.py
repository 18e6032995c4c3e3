"""The OpenAPI 3 document of the named-query API, generated from the queries' headers."""

from __future__ import annotations

from ..queries import NamedQuery, Parameter
from .responses import EXPOSED_HEADERS

_SCHEMAS: dict[str, dict] = {
    "iri": {"type": "string", "format": "iri", "minLength": 1,
            "description": "An absolute IRI, or id:KIND/KEY for an entity of this graph"},
    "string": {"type": "string", "minLength": 1},
    # queries.to_term reads at most 18 digits: the bounds say so rather than a 400 surprise
    "integer": {"type": "integer", "minimum": -(10**18 - 1), "maximum": 10**18 - 1},
    "decimal": {"type": "number"},
    "year": {"type": "string", "pattern": "^[0-9]{4}$"},
    "boolean": {"type": "boolean"},
}

ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message", "where", "hint"],
        "properties": {
            "code": {"type": "string", "description": "stable machine-readable error code"},
            "message": {"type": "string", "description": "what went wrong"},
            "where": {"type": ["string", "null"], "description": "which input is at fault"},
            "hint": {"type": ["string", "null"], "description": "how to fix it"},
        }}},
}


def _schema(parameter: Parameter) -> dict:
    schema = dict(_SCHEMAS[parameter.type])
    if parameter.enum:
        schema["enum"] = parameter.enum
    if parameter.default is not None:
        schema["default"] = parameter.default
    return schema


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _operation(query: NamedQuery) -> dict:
    parameters = []
    for parameter in query.parameters.values():
        entry = {"name": parameter.name, "in": "query", "required": parameter.required,
                 "description": parameter.description, "schema": _schema(parameter)}
        if parameter.name in query.example:
            entry["example"] = query.example[parameter.name]
        parameters.append(entry)
    for reserved in ("format", "limit", "offset"):
        if reserved not in query.parameters:
            parameters.append({"$ref": f"#/components/parameters/{reserved}"})
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    content = ({"text/turtle": {}, "application/ld+json": {}, "application/n-triples": {}}
               if graph else
               {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}},
                "text/csv": {}, "text/tab-separated-values": {}})
    return {
        "operationId": query.name.replace("-", "_"),
        "summary": query.title,
        "description": query.description,
        "tags": query.tags or ["queries"],
        "parameters": parameters,
        "responses": {
            "200": {"description": f"{query.form} results; the headers name the query and "
                                   "its bindings, and say whether the row cap cut it",
                    "headers": {name: {"schema": {"type": "string"}}
                                for name in EXPOSED_HEADERS},
                    "content": content},
            "400": _error("a parameter is missing or has a bad value"),
            "406": _error("no acceptable media type"),
            "429": _error("this client has too many queries running (see Retry-After)"),
            "503": _error("the query timed out or the store is unavailable"),
            **({"502": _error("a SERVICE endpoint the query calls cannot be reached")}
               if "federation" in query.tags else {}),
        },
    }


def openapi_document(queries: dict[str, NamedQuery], server: str,
                     max_rows: int = 10000, page_size: int = 1000) -> dict:
    paths: dict[str, dict] = {
        "/api/queries": {"get": {
            "operationId": "list_queries", "summary": "List the named queries",
            "responses": {"200": {"description": "every named query with its parameters",
                                  "content": {"application/json": {}}}}}},
    }
    for query in queries.values():
        paths[f"/api/queries/{query.name}"] = {"get": _operation(query)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "LAPE knowledge graph — named queries", "version": "1",
                 "description": "Generated from the #+ headers of queries/*.rq. Parameters "
                                "are bound into the query as typed RDF terms."},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": ERROR_SCHEMA,
                "Results": {"type": "object", "description": "SPARQL 1.1 JSON results "
                            "with a 'query' member: name, title, sparql, bindings",
                            "required": ["query", "head"]},
            },
            "parameters": {"format": {
                "name": "format", "in": "query", "required": False,
                "description": "answer format instead of the Accept header",
                "schema": {"type": "string",
                           "enum": ["json", "csv", "tsv", "turtle", "jsonld", "nt"]}},
                "limit": {
                    "name": "limit", "in": "query", "required": False,
                    "description": "rows per page (the answer links the next page)",
                    "schema": {"type": "integer", "minimum": 1, "maximum": max_rows,
                               "default": min(page_size, max_rows)}},
                "offset": {
                    "name": "offset", "in": "query", "required": False,
                    "description": "the first row of the page, counted from 0",
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10**9,
                               "default": 0}}},
        },
    }
