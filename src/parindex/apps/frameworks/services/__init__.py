"""Every write of the frameworks app: importing, editing, publishing and copying criteria
sets, their code mappings, and importing units. Each runs in one transaction and writes
its audit rows in it; a published set refuses every change (:class:`SetReadOnly`)."""

from parindex.apps.frameworks.services._draft import READ_ONLY, SetReadOnly, ensure_draft
from parindex.apps.frameworks.services.importing import (
    UnitsImported,
    criteria_set_import,
    units_import,
)
from parindex.apps.frameworks.services.nodes import (
    NodeValues,
    criteria_node_create,
    criteria_node_delete,
    criteria_node_move,
    criteria_node_update,
)
from parindex.apps.frameworks.services.sets import (
    BandValues,
    PublishRefused,
    SetValues,
    code_mapping_update,
    criteria_set_bands_update,
    criteria_set_copy,
    criteria_set_delete,
    criteria_set_publish,
    criteria_set_update,
)

__all__ = [
    "READ_ONLY",
    "BandValues",
    "NodeValues",
    "PublishRefused",
    "SetReadOnly",
    "SetValues",
    "UnitsImported",
    "code_mapping_update",
    "criteria_node_create",
    "criteria_node_delete",
    "criteria_node_move",
    "criteria_node_update",
    "criteria_set_bands_update",
    "criteria_set_copy",
    "criteria_set_delete",
    "criteria_set_import",
    "criteria_set_publish",
    "criteria_set_update",
    "ensure_draft",
    "units_import",
]
