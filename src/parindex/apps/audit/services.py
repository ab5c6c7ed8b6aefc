"""Writing the audit log: call :func:`audit_record` inside the transaction of the change."""

from __future__ import annotations

import uuid
from typing import Any

from parindex.apps.accounts.models import User
from parindex.apps.audit.models import AuditEntry


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: Any,
    old: Any = None,
    new: Any = None,
    reason: str = "",
    round_id: uuid.UUID | None = None,
    unit_code: str = "",
    node_code: str = "",
) -> AuditEntry:
    """Append one entry; ``target`` is the changed model instance (its uuid, else pk)."""
    entry = AuditEntry(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(getattr(target, "uuid", None) or target.pk),
        round_id=round_id,
        unit_code=unit_code,
        node_code=node_code,
        old=old,
        new=new,
        reason=reason,
    )
    entry.full_clean()
    entry.save()
    return entry
