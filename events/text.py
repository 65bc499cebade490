"""The one folding key for names: what actor aliases are stored under and what every lookup uses.

Pure (no Django): the ingest stages, the models, the importer and the exports all import `fold` from here.
"""

import re
import unicodedata

# Curly apostrophes become straight ones, hyphens spaces, and full stops vanish ("U.S." = "US").
FOLD_TABLE = str.maketrans({"’": "'", "‘": "'", "-": " ", ".": ""})


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key.

    fold("  Guaidó ") → "guaido"; fold("U.S.") → "us"; fold("Al-Sisi") → "al sisi".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.translate(FOLD_TABLE)).strip().lower()
