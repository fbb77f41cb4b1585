"""The records every stage hands on: pages, the normalized document, output rows, provenance, errors,
and numbers as printed (superscript calls, the year bounds)."""
