"""Pages to one normalized document: PDF words, lines, boxes and tables, furniture, reading order,
paragraphs, lines classified into blocks, footnote calls and note styles, repairs of other extractors' text."""
