"""Tables: structure recovered from positioned text, one algorithm for every source.

Loaders hand this room positioned lines (PDF words with their boxes, or plain-text lines whose
character columns are positions, tabs and pipes being column separators) or rows of given
cells (ruled PDF tables, Markdown pipe tables). Column bands come from the alignment of many
rows (`bands`), then one header/body logic (`grid`) reads every source the same way: header
lines above the first data row merged per band, spanning header cells as parents, the
row-label column kept, wrapped rows joined, footnote calls glued to cells recognised (`cells`).
Entry points: `text.text_table_edits` (plain text, from normalization), `layout.pdf_tables`
(PDF words and ruling lines, from the PDF loader) and `grid.cells_to_grid` (rows of cell texts,
e.g. a Markdown table from markdown-it). All end in a `grid.TableGrid`, which a loader writes
into the page text with `TableGrid.lines()` (the page model's tab rows).
"""
