"""The one extension point of the measures app.

Other apps build on measures (projects judge whether a change worked from a measure's data), but
measures must not import them. Instead every refresh of a measure's chart, whatever caused it
(a value entered or deleted, an annotation that moves the limits, an upload), announces itself
here, and those apps connect a receiver in their AppConfig.ready().
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by services.measure_refresh, inside the caller's transaction, once the snapshot is stored,
# with the keyword argument ``measure``. A receiver's failure undoes the change that caused it.
measure_changed = Signal()
