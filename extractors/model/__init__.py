"""The records every stage hands on: pages, the normalized document, output rows, provenance, errors."""
