"""The normalized document to its structure: tables, crime statistics, footnotes, figures, title and site."""
