"""Settings of the benchmark's server: the application's own settings with the bench's
URL map, which adds the trivial view the pages are compared with."""

from parindex.config.settings import *  # noqa: F403  (the very settings production uses)

ROOT_URLCONF = "bench.web.urls"
DEBUG = False
