"""The audit pages are read after appraisal actions: they reuse the appraisal fixtures."""

from appraisal_support import (  # noqa: F401
    appraisal,
    item,
    media_in_tmp,
    returned,
)
