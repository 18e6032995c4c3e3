"""The outbound-request guard: SERVICE and LOAD reach only allowlisted addresses.

The embedded engine (Oxigraph) really executes ``SERVICE <url> {…}`` and ``LOAD <url>``
over HTTP, so a query sent by any visitor could make the server fetch any address —
loopback admin ports, the cloud metadata service, private networks (server-side request
forgery). Oxigraph's Python binding has no switch to turn this off, so every query and
update is checked here before it reaches a store:

- ``SERVICE`` may name only an endpoint on ``LAPEKG_SERVICE_ALLOWLIST`` (exact URL after
  normalisation); a variable as the target (``SERVICE ?endpoint``) is refused.
- ``LOAD`` may fetch only a URL under a prefix on ``LAPEKG_LOAD_ALLOWLIST`` (empty by
  default: LOAD is refused).
- Only ``http``/``https``; no user info in the URL; and unless ``LAPEKG_ALLOW_PRIVATE_TARGETS``
  is set, no loopback, private, link-local, multicast or reserved address — neither as a
  literal host nor as what an allowlisted host name resolves to now.
- ``FROM``/``FROM NAMED`` and the protocol's ``default-graph-uri``/``named-graph-uri`` name
  graphs already in the store: Oxigraph never dereferences them (the tests check it), so
  they need no allowlist.

Mirrors. ``LAPEKG_SERVICE_MIRRORS`` puts another endpoint in an allowlisted one's place
(``ENDPOINT=MIRROR`` pairs): a query still names the public endpoint, is checked against
the allowlist as written, and is sent to the mirror — a local copy of the data, or in the
tests a real local SPARQL server holding an extract shaped like the remote's. The
address checks then apply to the mirror, the host actually called.

How a query is read. Most queries never mention the word: a query whose text does not
contain ``service`` (ASCII, any case) cannot hold the keyword, and passes at the cost of
one scan. Otherwise the query is parsed by rdflib's SPARQL parser, which expands prefixes
and resolves relative IRIs against ``BASE`` as the engine does, and every
``ServiceGraphPattern`` in the algebra is checked. Two parsers can disagree, so a second,
independent reading guards the first: a tokenizer counts the ``SERVICE`` keywords outside
strings, comments and IRIs, and a query where it finds more than rdflib did is refused
rather than trusted. A query that names SERVICE and that rdflib cannot parse is refused too
(fail closed) — the message says why.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from .errors import (
    LapekgError,
    ParameterError,
    ServiceUnavailable,
    StoreError,
    TargetRefused,
)
from .sparql_text import TOKEN, keyword_offsets

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNREACHABLE_HINT = ("the endpoint is allowed but cannot be reached from this server; "
                     "a local copy can take its place (LAPEKG_SERVICE_MIRRORS)")
_RESOLVE_TTL = 60.0  # seconds a host name's addresses are trusted before looking again


def normalise_url(url: str) -> str:
    """``url`` with scheme and host in lower case and the scheme's default port dropped.

    Raises ``ValueError`` for what is not an absolute http(s) URL with a host.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise ValueError(f"scheme {parts.scheme or 'missing'!r} is not http or https")
    if parts.username is not None or parts.password is not None:
        raise ValueError("a URL with user information is not allowed")
    host = parts.hostname
    if not host:
        raise ValueError("the URL has no host")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port: {exc}") from exc
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _system_resolve(host: str) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})


@dataclass
class TargetPolicy:
    """What outbound requests a query or update may make (see the module doc)."""

    service_endpoints: tuple[str, ...] = ()
    load_prefixes: tuple[str, ...] = ()
    allow_private: bool = False
    #: (endpoint, mirror) pairs, both normalised: SERVICE <endpoint> is sent to the mirror
    mirrors: tuple[tuple[str, str], ...] = ()
    resolve: Callable[[str], list[str]] = _system_resolve
    _resolved: dict[str, tuple[float, list[str]]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_settings(cls, settings) -> TargetPolicy:
        """The policy of ``settings``; a malformed or private allowlist entry is refused."""
        endpoints = tuple(_checked_entry(url, "LAPEKG_SERVICE_ALLOWLIST", settings)
                          for url in settings.service_allowlist)
        prefixes = tuple(_checked_entry(url, "LAPEKG_LOAD_ALLOWLIST", settings)
                         for url in settings.load_allowlist)
        mirrors = tuple(_checked_mirror(entry, endpoints, settings)
                        for entry in settings.service_mirrors)
        return cls(endpoints, prefixes, settings.allow_private_targets, mirrors)

    def as_tuple(self) -> tuple:
        """The policy's settings, to rebuild it in a worker process (``TargetPolicy(*t)``)."""
        return (self.service_endpoints, self.load_prefixes, self.allow_private, self.mirrors)

    # --- the checks -------------------------------------------------------------------

    def check_query(self, sparql: str) -> str:
        """Refuse a query whose SERVICE clauses reach outside the allowlist; the text to
        run (SERVICE endpoints that have a mirror replaced by it)."""
        if "service" not in sparql.lower():
            return sparql
        targets = _service_targets(sparql)
        for target in targets:
            self.check_target(target, "SERVICE")
        return self._mirrored(sparql, targets)

    def check_update(self, sparql: str) -> str:
        """Refuse an update whose LOAD (or SERVICE in a WHERE) reaches outside it; the
        text to run, as for :meth:`check_query`."""
        lowered = sparql.lower()
        if "service" not in lowered and "load" not in lowered:
            return sparql
        services, loads = _update_targets(sparql)
        for target in services:
            self.check_target(target, "SERVICE")
        for target in loads:
            self.check_target(target, "LOAD")
        return self._mirrored(sparql, services)

    def mirror_of(self, url: str) -> str | None:
        """The mirror configured for the endpoint ``url`` (normalised), if any."""
        for endpoint, mirror in self.mirrors:
            if url == endpoint:
                return mirror
        return None

    def _mirrored(self, sparql: str, targets: list[str | None]) -> str:
        if not self.mirrors:
            return sparql
        wanted = sum(1 for target in targets
                     if target is not None and self.mirror_of(normalise_url(target)))
        if not wanted:
            return sparql
        text, replaced = replace_service_iris(sparql, self.mirror_of)
        if replaced != wanted:
            raise TargetRefused(
                "a SERVICE endpoint that has a mirror here is not written as a full IRI",
                where="query, SERVICE",
                hint="write the endpoint as <https://…>, not as a prefixed or relative name")
        return text

    def check_target(self, target: str | None, operation: str) -> None:
        """One SERVICE endpoint or LOAD source (``None``: a variable, never allowed)."""
        setting = "LAPEKG_SERVICE_ALLOWLIST" if operation == "SERVICE" else \
            "LAPEKG_LOAD_ALLOWLIST"
        if target is None:
            raise TargetRefused(f"{operation} with a variable as its target is not allowed",
                                where=f"query, {operation}",
                                hint="name the endpoint as an IRI")
        try:
            url = normalise_url(target)
        except ValueError as exc:
            raise TargetRefused(f"{operation} <{target}> is refused: {exc}",
                                where=f"query, {operation}",
                                hint="only http(s) endpoints on the allowlist") from exc
        allowed = self.service_endpoints if operation == "SERVICE" else self.load_prefixes
        if not any(_matches(url, entry, operation) for entry in allowed):
            listed = ", ".join(allowed) if allowed else "none"
            raise TargetRefused(
                f"{operation} <{target}> is not on this server's allowlist",
                where=f"query, {operation}",
                hint=f"allowed: {listed} (set {setting})")
        if not self.allow_private:
            called = (self.mirror_of(url) if operation == "SERVICE" else None) or url
            self._check_public(urlsplit(called).hostname or "", target, operation)

    def _check_public(self, host: str, target: str, operation: str) -> None:
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = self._addresses(host, target, operation)
        for address in addresses:
            if not _is_public(address):
                raise TargetRefused(
                    f"{operation} <{target}> reaches a non-public address ({address})",
                    where=f"query, {operation}",
                    hint="loopback, private and link-local addresses need "
                         "LAPEKG_ALLOW_PRIVATE_TARGETS=1")

    def _addresses(self, host: str, target: str, operation: str) -> list[str]:
        now = time.monotonic()
        with self._lock:
            cached = self._resolved.get(host)
        if cached and now - cached[0] < _RESOLVE_TTL:
            return cached[1]
        try:
            addresses = self.resolve(host)
        except OSError as exc:
            raise ServiceUnavailable(f"{operation} <{target}>: the host {host!r} does not "
                                     f"resolve ({exc})", where=f"query, {operation}",
                                     hint=_UNREACHABLE_HINT) from exc
        if not addresses:
            raise ServiceUnavailable(f"{operation} <{target}>: the host {host!r} has no "
                                     "address", where=f"query, {operation}",
                                     hint=_UNREACHABLE_HINT)
        with self._lock:
            self._resolved[host] = (now, addresses)
        return addresses


def _checked_entry(url: str, setting: str, settings) -> str:
    try:
        normalised = normalise_url(url)
    except ValueError as exc:
        raise ParameterError(f"{setting}: {url!r} is not allowed: {exc}",
                             where=setting, hint="space-separated http(s) URLs") from exc
    host = urlsplit(normalised).hostname or ""
    literal = None
    with contextlib.suppress(ValueError):
        literal = ipaddress.ip_address(host)
    private = host == "localhost" or host.endswith(".localhost") or \
        (literal is not None and not _is_public(str(literal)))
    if private and not settings.allow_private_targets:
        raise ParameterError(f"{setting}: {url!r} is a loopback or private address",
                             where=setting,
                             hint="set LAPEKG_ALLOW_PRIVATE_TARGETS=1 to allow it")
    return normalised


def evaluation_failure(sparql: str, exc: BaseException, where: str) -> LapekgError:
    """The error for an engine failure while a query ran: a federated query's failure is
    most likely its SERVICE endpoint's (502), any other the store's (503)."""
    if "service" in sparql.lower() and next(keyword_offsets(sparql, "service"), None) \
            is not None:
        return ServiceUnavailable(f"the query failed while calling a SERVICE endpoint: {exc}",
                                  where="query, SERVICE", hint=_UNREACHABLE_HINT)
    return StoreError(f"the query failed while running: {exc}", where=where)


def _checked_mirror(entry: str, endpoints: tuple[str, ...], settings) -> tuple[str, str]:
    endpoint, sep, mirror = entry.partition("=")
    if not sep or not endpoint or not mirror:
        raise ParameterError(f"LAPEKG_SERVICE_MIRRORS: {entry!r} is not ENDPOINT=MIRROR",
                             where="LAPEKG_SERVICE_MIRRORS",
                             hint="e.g. https://query.wikidata.org/sparql="
                                  "http://127.0.0.1:7878/query")
    endpoint = _checked_entry(endpoint, "LAPEKG_SERVICE_MIRRORS", settings)
    if endpoint not in endpoints:
        raise ParameterError(f"LAPEKG_SERVICE_MIRRORS: {endpoint} is not on the allowlist",
                             where="LAPEKG_SERVICE_MIRRORS",
                             hint=f"allowed: {', '.join(endpoints) or 'none'} "
                                  "(LAPEKG_SERVICE_ALLOWLIST)")
    return endpoint, _checked_entry(mirror, "LAPEKG_SERVICE_MIRRORS", settings)


def replace_service_iris(sparql: str, mirror_of: Callable[[str], str | None]
                         ) -> tuple[str, int]:
    """``sparql`` with each ``SERVICE [SILENT] <iri>`` whose IRI has a mirror pointed at the
    mirror, and how many were replaced (strings, comments and IRIs elsewhere untouched)."""
    out: list[str] = []
    replaced = 0
    after_service = False  # the last keyword was SERVICE (or SERVICE SILENT)
    last = 0
    for match in TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        if kind == "word" and text.lower() == "service":
            after_service = True
            continue
        if after_service and kind == "word" and text.lower() == "silent":
            continue
        if after_service and kind == "iri":
            try:
                mirror = mirror_of(normalise_url(text[1:-1]))
            except ValueError:
                mirror = None
            if mirror:
                out.append(sparql[last:match.start()] + f"<{mirror}>")
                last = match.end()
                replaced += 1
        after_service = False
    out.append(sparql[last:])
    return "".join(out), replaced


def _matches(url: str, entry: str, operation: str) -> bool:
    if operation == "SERVICE":
        return url == entry
    if not url.startswith(entry):
        return False
    # A prefix matches at a path boundary only: …/data/ allows …/data/x, not …/database.
    return entry.endswith("/") or len(url) == len(entry) or url[len(entry)] in "/?"


# --- reading the targets of a query --------------------------------------------------------


def _service_targets(sparql: str) -> list[str | None]:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(sparql)).algebra
    except Exception as exc:  # pyparsing and rdflib raise many kinds; all mean "unread"
        raise TargetRefused(
            "the query names SERVICE and could not be checked: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            where="query",
            hint="a query using SERVICE must be plain SPARQL 1.1; "
                 "without SERVICE, rephrase any 'service' outside strings") from exc
    targets = list(_walk_services(algebra))
    _cross_check(sparql, len(targets))
    return targets


def _update_targets(sparql: str) -> tuple[list[str | None], list[str | None]]:
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = translateUpdate(parseUpdate(sparql))
    except Exception as exc:  # see _service_targets
        raise TargetRefused(
            "the update names SERVICE or LOAD and could not be checked: "
            f"{type(exc).__name__}", where="update",
            hint="send plain SPARQL 1.1 Update") from exc
    services: list[str | None] = []
    loads: list[str | None] = []
    for operation in update.algebra:
        if operation.name == "Load":
            loads.append(_iri(operation.get("iri")))
        services.extend(_walk_services(operation))
    _cross_check(sparql, len(services))
    return services, loads


def _iri(term) -> str | None:
    from rdflib import URIRef

    return str(term) if isinstance(term, URIRef) else None


def _walk_services(node) -> Iterator[str | None]:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                yield _iri(item.get("term"))
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)


def _cross_check(sparql: str, found: int) -> None:
    keywords = sum(1 for _ in keyword_offsets(sparql, "service"))
    if keywords > found:
        raise TargetRefused(
            f"the query has {keywords} SERVICE keyword(s) but only {found} could be "
            "checked", where="query",
            hint="write each SERVICE clause plainly: SERVICE <endpoint> { … }")
