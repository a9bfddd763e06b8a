"""What the assessment app announces, so the apps above it can act without being imported.

``assessment_submitted(sender=Assessment, assessment=…, language="vi"|"en")`` is sent
inside the submit transaction, after the snapshot and scores are saved. The plan
app listens to request the action plan in the same transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

assessment_submitted = Signal()
