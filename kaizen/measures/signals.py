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

# Sent by batch_refresh.measures_refresh instead of measure_changed, once for many measures
# refreshed together (an upload, the API's bulk upsert), with the keyword argument ``measures``
# (a list): a receiver can then read what it derives for all of them in one query. An app that
# receives measure_changed receives this too, or it misses every bulk change.
measures_changed = Signal()
