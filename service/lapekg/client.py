"""A Python client for researchers: named queries and SPARQL as pandas DataFrames.

    from lapekg.client import Client

    kg = Client("http://127.0.0.1:8765")        # any lapekg service
    kg.queries()                                 # the named queries, one row each
    spread = kg.named("practice-spread", practice="id:practice/perhekeskustoimintamalli")
    years = kg.sparql("SELECT ?year (COUNT(*) AS ?n) WHERE { … } GROUP BY ?year")

Ad-hoc SPARQL goes through SPARQLWrapper to the service's SPARQL 1.1 Protocol endpoint
(``/sparql``), so the same code runs against any SPARQL endpoint. A named query goes to
the named-query API (``/api/queries/NAME``), which checks and types the parameters on
the server, exactly as the service documents them; both answer SPARQL JSON results.

Columns are typed from the results' datatypes: a column whose values are all
``xsd:integer`` (or another integer type, or ``xsd:gYear``) becomes pandas' nullable
``Int64``, decimals and doubles ``Float64``, booleans ``boolean``, dates and times
``datetime64``; anything else (IRIs, text, mixed types) stays text (``string``). An
unbound value is ``<NA>``. ``DataFrame.attrs`` keeps the query, its bindings as the
service echoed them, and whether the row cap cut the answer.

Errors come back as :class:`ClientError` with the service's own ``code``, ``message``,
``where`` and ``hint``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte", "gYear")}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
_TIMES = {XSD + "date", XSD + "dateTime"}
_BOOLEAN = XSD + "boolean"
_SPARQL_JSON = "application/sparql-results+json"


class ClientError(Exception):
    """An error answered by the service, in its documented shape."""

    def __init__(self, status: int, code: str, message: str, where: str | None = None,
                 hint: str | None = None):
        super().__init__(f"{status} {code}: {message}"
                         + (f" (at {where})" if where else "") + (f"; {hint}" if hint else ""))
        self.status, self.code, self.message, self.where, self.hint = \
            status, code, message, where, hint


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("lapekg.client needs pandas: pip install 'lapekg[client]'") from exc
    return pandas


def _kind(datatype: str | None) -> str:
    if datatype in _INTEGERS:
        return "Int64"
    if datatype in _FLOATS:
        return "Float64"
    if datatype == _BOOLEAN:
        return "boolean"
    if datatype in _TIMES:
        return "datetime"
    return "string"


def _value(term: dict[str, str], kind: str) -> Any:
    text = term["value"]
    if kind == "Int64":
        return int(text[:4]) if term.get("datatype") == XSD + "gYear" else int(text)
    if kind == "Float64":
        return float(text)
    if kind == "boolean":
        return text in ("true", "1")
    return text


def frame(results: dict):
    """A DataFrame from a SPARQL JSON results document (SELECT), typed by column."""
    pd = _pandas()
    if "boolean" in results:
        return pd.DataFrame({"boolean": pd.array([results["boolean"]], dtype="boolean")})
    columns = results["head"]["vars"]
    rows = results["results"]["bindings"]
    data = {}
    for column in columns:
        terms = [row.get(column) for row in rows]
        kinds = {_kind(term.get("datatype")) if term.get("type") == "literal" else "string"
                 for term in terms if term is not None}
        kind = kinds.pop() if len(kinds) == 1 else "string"
        values = [None if term is None else _value(term, kind) for term in terms]
        if kind == "datetime":
            data[column] = pd.to_datetime(pd.Series(values, dtype="object"), utc=None,
                                          errors="coerce", format="ISO8601")
        else:
            data[column] = pd.array(values, dtype=kind)
    return pd.DataFrame(data, columns=columns)


class Client:
    """One lapekg service, by its base URL (``http://host:port``, no trailing path)."""

    def __init__(self, url: str, timeout: float = 60.0, agent: str = "lapekg.client"):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.agent = agent

    # --- ad-hoc SPARQL: SPARQLWrapper over the SPARQL 1.1 Protocol --------------------------

    def sparql(self, query: str):
        """Run a SELECT or ASK query on ``/sparql``; a typed DataFrame."""
        wrapper = SPARQLWrapper(f"{self.url}/sparql", agent=self.agent)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(max(1, round(self.timeout)))
        wrapper.setQuery(query)
        try:
            response = wrapper.query().response
        except urllib.error.HTTPError as exc:
            raise self._error(exc) from exc
        except SPARQLWrapperException as exc:
            raise self._wrapper_error(exc) from exc
        table = frame(json.loads(response.read()))
        table.attrs.update({"query": query, "truncated": response.headers.get(
            "X-Result-Truncated", "false") == "true"})
        return table

    # --- named queries: the service's API ---------------------------------------------------

    def named(self, name: str, **parameters: object):
        """Run the named query ``name`` with ``parameters`` (checked by the service)."""
        query = urllib.parse.urlencode({key: _text(value) for key, value in parameters.items()})
        url = f"{self.url}/api/queries/{urllib.parse.quote(name)}" + (f"?{query}" if query else "")
        with self._get(url, _SPARQL_JSON) as response:
            table = frame(json.loads(response.read()))
            echoed = response.headers.get("X-Lapekg-Bindings", "")
            table.attrs.update({
                "query": name, "parameters": dict(parameters),
                "bindings": dict(urllib.parse.parse_qsl(echoed)),
                "release": response.headers.get("X-Lapekg-Release"),
                "truncated": response.headers.get("X-Result-Truncated", "false") == "true"})
        return table

    def queries(self):
        """The service's named queries: name, title, description, parameters, example."""
        pd = _pandas()
        with self._get(f"{self.url}/api/queries", "application/json") as response:
            listed = json.loads(response.read())["queries"]
        return pd.DataFrame([{
            "name": q["name"], "title": q["title"], "description": q["description"],
            "parameters": ", ".join(f"{p['name']} ({p['type']})" for p in q["parameters"]),
            "example": q["example"], "tags": ", ".join(q["tags"])} for q in listed])

    # --- plumbing -------------------------------------------------------------------------

    def _get(self, url: str, accept: str):
        request = urllib.request.Request(url, headers={"Accept": accept,
                                                       "User-Agent": self.agent})
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raise self._error(exc) from exc

    @staticmethod
    def _error(exc: urllib.error.HTTPError) -> ClientError:
        body = exc.read().decode("utf-8", "replace")
        try:
            error = json.loads(body)["error"]
            return ClientError(exc.code, error["code"], error["message"], error.get("where"),
                               error.get("hint"))
        except (ValueError, KeyError, TypeError):
            return ClientError(exc.code, "http-error", body[:300] or exc.reason)

    @staticmethod
    def _wrapper_error(exc: SPARQLWrapperException) -> ClientError:
        # SPARQLWrapper turns 400/401/404/500 into its own exceptions, keeping the body.
        text = str(exc)
        body = text.split("Response:\n", 1)[-1].strip()
        if body.startswith("b'") or body.startswith('b"'):
            body = body[2:-1].encode().decode("unicode_escape")
        status = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                  "EndPointInternalError": 500}.get(type(exc).__name__, 0)
        try:
            error = json.loads(body)["error"]
            return ClientError(status, error["code"], error["message"], error.get("where"),
                               error.get("hint"))
        except (ValueError, KeyError, TypeError):
            return ClientError(status, type(exc).__name__, text[:300])


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
