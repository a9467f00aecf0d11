from typing import Any

from django.db import transaction

from references.models import Reference


@transaction.atomic
def reference_create(*, by: Any, **fields: Any) -> Reference:
    """Add a work to the library. Raises ``ValidationError`` (saving nothing) on bad data."""
    reference = Reference(**fields)
    reference.full_clean()
    reference._history_user = by
    reference.save()
    return reference
