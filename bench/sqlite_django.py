"""Django for a standalone benchmark on a fresh SQLite file in ``folder``."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def setup_sqlite(folder: Path) -> None:
    """Point the settings at ``folder`` (data, SQLite file, a throwaway secret key) and
    set Django up; the database is empty until the caller migrates it."""
    os.environ.update(
        {
            "PARINDEX_DATA_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'parindex.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "parindex.config.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
    )
    import django  # noqa: PLC0415  (settings come from the environment set just above)

    django.setup()
