"""The language model and what it reads in prose: which blocks are prose, named entities."""
