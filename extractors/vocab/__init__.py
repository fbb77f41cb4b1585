"""Domain knowledge kept as data (`data/`): offense names, footnote styles, states, claim words, entity patterns."""
