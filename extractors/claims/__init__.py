"""Numeric claims of the prose: the number grammar, the quantities of a parse, what each one counts."""
