"""Imported by the parsing children's forkserver (`flows.isolation`), never by the flow itself.

Builds, once, what every document's reading needs: the spaCy pipeline and the vocabularies
(with the model's word list), and parses one sentence so the pipeline is warm. Each child forked
from the server starts with them in memory (shared copy-on-write) instead of loading them per
document.
"""

from __future__ import annotations

import signal

import extractors.load.markdown  # noqa: F401  (the readers flows.parsing imports in each child)
import extractors.load.ocr  # noqa: F401
import extractors.load.text  # noqa: F401
from flows.models import language, vocabularies

# A Ctrl-C reaches the whole terminal's process group; the run stops after the current document, so
# a child's reading must finish rather than die and quarantine a good file as "crashed". Set here, the
# server's children ignore it from birth (the forkserver hands them the handlers it had after the
# preload), before `flows.isolation._serve` runs: a reading started ahead may be just starting.
signal.signal(signal.SIGINT, signal.SIG_IGN)
vocabularies()
language()("The city of Springfield had 1,234 violent crimes in 2019.")
