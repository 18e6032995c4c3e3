"""``/healthz`` (the process answers) and ``/readyz`` (the store answers a query)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..errors import LapekgError
from .services import services

bp = Blueprint("health", __name__)

#: How long /readyz waits for the store (seconds): a probe must answer quickly.
READY_TIMEOUT = 2.0


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    try:
        services().store.select("SELECT * WHERE { } LIMIT 1", timeout=READY_TIMEOUT)
    except LapekgError as exc:
        response = jsonify({"status": "not-ready", "error": {"code": exc.code,
                                                             "message": exc.message}})
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return response
    return jsonify({"status": "ready"})
