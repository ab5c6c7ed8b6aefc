"""The appraisal tests share their fixtures and helpers through appraisal_support."""

from appraisal_support import (  # noqa: F401
    appraisal,
    item,
    item_url,
    media_in_tmp,
    page_url,
    returned,
)
