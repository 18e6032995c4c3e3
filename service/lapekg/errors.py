"""One exception tree for the whole project.

Every error knows its HTTP status and carries a hint saying how to fix it; the CLI maps
them to exit codes and the web layer renders them through one handler.
"""

from __future__ import annotations


class LapekgError(Exception):
    """Base of every error the project raises on purpose."""

    status = 500
    code = "internal-error"

    def __init__(self, message: str, *, hint: str | None = None, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.where = where

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.where:
            body["where"] = self.where
        if self.hint:
            body["hint"] = self.hint
        return body


# --- build-time errors ---------------------------------------------------------------


class BuildError(LapekgError):
    """The build could not produce a graph; nothing was published."""

    code = "build-error"


class InputError(BuildError):
    """A source, curated or reference file is malformed (``where`` = file:line)."""

    code = "input-error"


class SourceMissingError(BuildError):
    """A source document listed in the manifest is missing or altered."""

    code = "source-missing"


class EvidenceError(BuildError):
    """A quote is not found verbatim in the document it cites."""

    code = "evidence-error"


class UnknownReferenceError(BuildError):
    """An entry refers to an entity id that no file declares."""

    code = "unknown-reference"


class ValidationFailed(BuildError):
    """The graph does not conform to the SHACL shapes."""

    code = "shacl-violation"

    def __init__(self, message: str, *, report_text: str = "", **kwargs):
        super().__init__(message, **kwargs)
        self.report_text = report_text


# --- query-time errors ---------------------------------------------------------------


class StoreError(LapekgError):
    """The store is missing, locked or unreachable."""

    status = 503
    code = "store-unavailable"


class QuerySyntaxError(LapekgError):
    """A SPARQL query does not parse."""

    status = 400
    code = "query-syntax-error"


class QueryTimeout(LapekgError):
    """A query ran past its time limit and was stopped."""

    status = 503
    code = "query-timeout"


class ParameterError(LapekgError):
    """A request parameter is missing or has a bad value."""

    status = 400
    code = "bad-parameter"


class TargetRefused(LapekgError):
    """A SERVICE or LOAD target outside the allowlist, or one that cannot be checked."""

    status = 400
    code = "service-not-allowed"


class ServiceUnavailable(LapekgError):
    """An allowlisted SERVICE endpoint (or its mirror) could not be reached or failed."""

    status = 502
    code = "service-unavailable"


class NotFound(LapekgError):
    status = 404
    code = "not-found"


class Gone(LapekgError):
    """A published IRI that was retired (data/retired-iris.yaml); never coming back."""

    status = 410
    code = "gone"

    def __init__(self, message: str, *, successor: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.successor = successor


class Forbidden(LapekgError):
    status = 403
    code = "forbidden"


class PayloadTooLarge(LapekgError):
    status = 413
    code = "payload-too-large"


class QueryTooLong(PayloadTooLarge):
    code = "query-too-long"


class TooManyQueries(LapekgError):
    """A client already has its share of queries running (answered with Retry-After)."""

    status = 429
    code = "too-many-queries"

    def __init__(self, message: str, *, retry_after: int = 1, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class NotAcceptable(LapekgError):
    status = 406
    code = "not-acceptable"
