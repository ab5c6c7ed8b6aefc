"""Starting Django from the ``parindex`` command line."""

from __future__ import annotations

import os

import django
from django.apps import apps

SETTINGS_MODULE = "parindex.config.settings"


def setup_django() -> None:
    """Load the settings and the apps once; a no-op when Django is already set up (tests)."""
    if apps.ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()
