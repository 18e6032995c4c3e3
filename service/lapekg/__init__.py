"""lapekg: the LAPE knowledge graph — build pipeline, store and query service.

Nothing happens at import time; the web app is built by :func:`lapekg.web.create_app`.
"""

__version__ = "0.1.0"
