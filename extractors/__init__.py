"""Pure extraction: bytes in memory to typed records, as chains of small `x_to_y` functions.

No file I/O, no Prefect. Rooms, in dependency order (each imports only those before it):
`model` -> `vocab` -> `tables` -> `layout` -> `load` -> `structure` -> `nlp` -> `claims` -> `pipeline`.
"""
