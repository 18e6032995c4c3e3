"""Ingest: source documents, curated files and reference tables into rdflib graphs."""
