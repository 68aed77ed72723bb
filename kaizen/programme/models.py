"""What the programme app owns: the measures that show each strategic priority. (Strategy sits
below measures, so the link between them lives up here.)"""

from __future__ import annotations

from django.db import models

from kaizen.measures.models import Measure
from kaizen.strategy.models import StrategicPriority

# A priority is shown by a few measures, not a dashboard (the issue: one to three).
MEASURES_PER_PRIORITY = 3


class PriorityMeasure(models.Model):
    priority = models.ForeignKey(
        StrategicPriority, on_delete=models.CASCADE, related_name="measure_links"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="priority_links")

    class Meta:
        constraints = [
            models.UniqueConstraint("priority", "measure", name="unique_priority_measure")
        ]

    def __str__(self) -> str:
        return f"{self.measure} shows {self.priority}"
