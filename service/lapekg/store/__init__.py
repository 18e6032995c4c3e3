"""Stores behind one interface: the embedded Oxigraph store (now), remote SPARQL later."""
