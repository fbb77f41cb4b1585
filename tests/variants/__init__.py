"""Variant case studies the tests write themselves (fictional cities), each with a gold file."""
