"""Shared fixtures: the built graph, a small fixture store, the app, a live server.

``built_dir`` runs the real build once per session (about a minute) into a temporary
build directory; a failing build fails the tests that need it. For work on the service
while the data does not build, ``LAPEKG_TEST_FIXTURE_BUILD=1`` falls back to the fixture
TriG (with a warning). ``fixture_dir`` is the small TriG in tests/fixtures/ published the
same way, for tests whose expected answers depend on exact content. ``pages_site``,
``pages_app`` and ``pages`` are the Linked Data pages' sample site (tests/pages_site.py).
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pages_site import PagesSite, build_pages_site, pages_app_for

from lapekg.config import Settings, load_config
from lapekg.errors import LapekgError
from lapekg.store.publish import publish

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_QUERIES = FIXTURES / "queries"
FIXTURE_TRIG = FIXTURES / "lape.trig"
PROBES = REPO.parent / "shared" / "probe"


#: What a build reads: a private copy of these is a project the tests may change.
PROJECT_INPUTS = ("ontology", "shapes", "data", "queries", "docs/decisions")


def copy_project(root: Path) -> Path:
    """A private copy of the build inputs at ``root`` (data/retired-iris.yaml cites the
    decision records, so they come too)."""
    import shutil

    for name in PROJECT_INPUTS:
        shutil.copytree(REPO / name, root / name)
    return root


def _publish_fixture(build_dir: Path) -> Path:
    build_dir.mkdir(parents=True, exist_ok=True)
    publish(FIXTURE_TRIG, build_dir)
    return build_dir


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build directory whose published store holds tests/fixtures/lape.trig."""
    return _publish_fixture(tmp_path_factory.mktemp("fixture-build"))


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build directory with the real graph published (see the module docstring)."""
    build_dir = tmp_path_factory.mktemp("build")
    try:
        from lapekg.build import build

        build(load_config({"build_dir": build_dir}))
    except (ImportError, LapekgError) as exc:
        if not os.environ.get("LAPEKG_TEST_FIXTURE_BUILD"):
            raise
        warnings.warn(f"the build failed ({type(exc).__name__}: {str(exc)[:200]}); "
                      "service tests use the fixture store instead", stacklevel=1)
        return _publish_fixture(build_dir / "fixture")
    return build_dir


@pytest.fixture(scope="session")
def settings(built_dir: Path) -> Settings:
    """The settings of the built graph (repository root, temporary build directory)."""
    return load_config({"build_dir": built_dir})


@pytest.fixture(scope="session")
def built_store(settings: Settings):
    """The built graph as an in-process embedded store (no worker processes)."""
    from lapekg.store.embedded import EmbeddedStore

    store = EmbeddedStore(settings.store_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def standins(tmp_path_factory: pytest.TempPathFactory):
    """Real local SPARQL servers in the place of Wikidata's and Finto's endpoints
    (tests/federation_standins.py)."""
    from federation_standins import start_standins

    running = start_standins(tmp_path_factory.mktemp("standins"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def federated_store(settings: Settings, standins):
    """The built graph as an embedded store whose SERVICE calls reach the stand-ins."""
    from lapekg.federation import TargetPolicy
    from lapekg.store.embedded import EmbeddedStore

    policy = TargetPolicy.from_settings(load_config({"build_dir": settings.build_dir,
                                                     **standins.settings()}))
    store = EmbeddedStore(settings.store_path, targets=policy)
    yield store
    store.close()


def make_app(build_dir: Path, **overrides: object):
    from lapekg.web import create_app

    config: dict = {"build_dir": build_dir, "LAPEKG_QUERIES_DIR": FIXTURE_QUERIES,
                    "TESTING": True}
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def app(fixture_dir: Path):
    """The app on the fixture store with the fixture named queries."""
    app = make_app(fixture_dir)
    yield app
    app.extensions["lapekg"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def app_factory():
    """``factory(build_dir, **setting_overrides)`` → an app, closed after the test."""
    apps = []

    def factory(build_dir: Path, **overrides: object):
        apps.append(make_app(build_dir, **overrides))
        return apps[-1]

    yield factory
    for made in apps:
        made.extensions["lapekg"].close()


@pytest.fixture()
def fresh_fixture_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture store (for tests that write or rebuild)."""
    return _publish_fixture(tmp_path / "build")


@dataclass
class LiveServer:
    url: str
    settings: Settings
    app: object

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def start_live_server(build_dir: Path, **overrides: object) -> Iterator[LiveServer]:
    """The real app under waitress on a free loopback port, in a thread of this process."""
    from lapekg.web.server import make_server

    settings = load_config({"build_dir": build_dir, **overrides})
    server, app = make_server(settings, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.effective_port}", settings, app)
    finally:
        server.close()
        app.extensions["lapekg"].close()
        thread.join(5)


@pytest.fixture(scope="session")
def live_server(built_dir: Path) -> Iterator[LiveServer]:
    """lapekg serving the built graph over HTTP, as `lapekg serve` runs it."""
    yield from start_live_server(built_dir)


@pytest.fixture(scope="session")
def live_server_factory():
    """``factory(build_dir, **setting_overrides)`` → a further live server (own settings)."""
    running = []

    def factory(build_dir: Path, **overrides: object) -> LiveServer:
        server = start_live_server(build_dir, **overrides)
        running.append(server)
        return next(server)

    yield factory
    for server in running:
        next(server, None)


# --- the sample site of the Linked Data page tests (tests/pages_site.py) ---------------------
# Module scope: a module gets a site of its own, since some tests change theirs
# (test_dataset touches the TriG dump to make the cached conversions stale).


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory: pytest.TempPathFactory) -> PagesSite:
    return build_pages_site(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def pages_app(pages_site: PagesSite):
    yield from pages_app_for(pages_site)


@pytest.fixture()
def pages(pages_app):
    return pages_app.test_client()


# --- a real browser: Debian's Chromium driven by Playwright (tests/test_browser.py) -----
# Each module that uses `page` defines a `server` fixture (a LiveServer) for it.

CHROMIUM = Path("/usr/bin/chromium")
YASGUI = Path(__file__).resolve().parents[1] / "service/lapekg/web/static/yasgui/yasgui.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: run scripts/install-browser-deps.sh")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed")
    if not YASGUI.exists():
        _missing("YASGUI assets were not copied into web/static/yasgui/")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page that records console errors and every request leaving the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    own = urlsplit(server.url).netloc
    page.outside_requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda r: urlsplit(r.url).netloc not in (own, "")
            and not r.url.startswith("data:") and page.outside_requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


