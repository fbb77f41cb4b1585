"""Imported by the parsing children's forkserver (`flows.isolation`), never by the flow itself.

Builds, once, what every document's reading needs: the spaCy pipeline and the vocabularies
(with the model's word list), and parses one sentence so the pipeline is warm. Each child forked
from the server starts with them in memory (shared copy-on-write) instead of loading them per
document.
"""

from __future__ import annotations

import extractors.load.markdown  # noqa: F401  (the readers flows.parsing imports in each child)
import extractors.load.ocr  # noqa: F401
import extractors.load.text  # noqa: F401
from flows.models import language, vocabularies

vocabularies()
language()("The city of Springfield had 1,234 violent crimes in 2019.")
