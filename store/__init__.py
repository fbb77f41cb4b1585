"""Where outputs live: the processed/ layout of CONTRACT.md, written atomically, read by datasets."""
