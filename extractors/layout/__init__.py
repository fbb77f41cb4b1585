"""Pages to one normalized document: furniture, reading order, paragraphs, and repairs of other extractors' text."""
