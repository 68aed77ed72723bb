"""The demo organisation: a fictional trust, its people, and the measures it watches.

Kestrel Vale NHS Foundation Trust does not exist; its names, wards and figures are made up.
The patterns are chosen so that the board summary shows what a real one does: most measures
in common-cause variation, a few improving after a change, a few of concern.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kaizen.demo.series import Pattern

TRUST_NAME = "Kestrel Vale NHS Foundation Trust"
TRUST_SLUG = "kestrel-vale"
EMAIL_DOMAIN = "demo.kaizen.test"
# Shown by `load_demo`; only ever set on the demo's own accounts.
DEMO_PASSWORD = "kaizen-demo-improve"

# division → directorate → wards and teams
HIERARCHY: dict[str, dict[str, list[str]]] = {
    "Medicine": {
        "Emergency Care": ["Emergency Department", "Acute Medical Unit", "Same Day Emergency Care"],
        "Elderly Care": ["Larch Ward", "Rowan Ward", "Frailty Team"],
        "Patient Flow": ["Discharge Lounge", "Integrated Discharge Team"],
    },
    "Surgery": {
        "General Surgery": ["Willow Ward", "Day Surgery Unit"],
        "Theatres and Anaesthetics": ["Main Theatres"],
        "Trauma and Orthopaedics": ["Heron Ward"],
    },
    "Women and Children": {
        "Maternity": ["Delivery Suite", "Postnatal Ward"],
        "Paediatrics": ["Puffin Ward"],
    },
    "Clinical Support": {
        "Pharmacy": ["Ward Pharmacy Team"],
        "Infection Prevention": ["Infection Prevention Team"],
        "Workforce": ["People Team"],
    },
}

VALUE_STREAMS = {
    "Emergency care": "From arrival at the Emergency Department to leaving hospital.",
    "Frailty": "Older people living with frailty, from the front door to home.",
    "Planned surgery": "From decision to operate to recovery at home.",
    "Maternity": "From booking to the postnatal ward.",
}


@dataclass(frozen=True)
class Person:
    email: str
    full_name: str
    role: str
    unit: str | None = None


# Two or three people in each role; the first of each is the address printed for signing in.
PEOPLE = [
    Person(f"admin@{EMAIL_DOMAIN}", "Alex Morgan", "admin"),
    Person(f"coach@{EMAIL_DOMAIN}", "Priya Shah", "coach"),
    Person(f"leader@{EMAIL_DOMAIN}", "Tom Okafor", "leader", "Emergency Care"),
    Person(f"board@{EMAIL_DOMAIN}", "Helen Price", "board"),
    Person(f"staff@{EMAIL_DOMAIN}", "Sam Carter", "staff", "Larch Ward"),
    Person(f"patient@{EMAIL_DOMAIN}", "Margaret Ellis", "patient_partner"),
    Person(f"jo.evans@{EMAIL_DOMAIN}", "Jo Evans", "admin"),
    Person(f"dev.patel@{EMAIL_DOMAIN}", "Dev Patel", "coach"),
    Person(f"rachel.green@{EMAIL_DOMAIN}", "Rachel Green", "leader", "Surgery"),
    Person(f"ian.ford@{EMAIL_DOMAIN}", "Ian Ford", "board"),
    Person(f"lucy.ward@{EMAIL_DOMAIN}", "Lucy Ward", "staff", "Emergency Department"),
    Person(f"ben.hughes@{EMAIL_DOMAIN}", "Ben Hughes", "staff", "Main Theatres"),
    Person(f"amara.osei@{EMAIL_DOMAIN}", "Amara Osei", "staff", "Delivery Suite"),
    Person(f"john.reid@{EMAIL_DOMAIN}", "John Reid", "patient_partner"),
]


@dataclass(frozen=True)
class Event:
    """An annotation on the chart; ``at`` is a fraction of the series, like Pattern's."""

    at: float
    text: str
    starts_segment: bool = False


@dataclass(frozen=True)
class DemoMeasure:
    name: str
    unit: str
    value_stream: str | None
    chart: str
    frequency: str
    pattern: Pattern
    improvement: str = "increase"
    kind: str = "outcome"
    unit_label: str = ""
    multiplier: float = 1.0
    target: float | None = None
    description: str = ""
    numerator_definition: str = ""
    denominator_definition: str = ""
    events: tuple[Event, ...] = ()

    @property
    def periods(self) -> int:
        """Three years of months, eighteen months of weeks, four months of days."""
        return {"monthly": 36, "weekly": 78, "daily": 120}[self.frequency]


STREAMING = Event(0.6, "New streaming model at the front door", starts_segment=True)

MEASURES: list[DemoMeasure] = [
    # Emergency care
    DemoMeasure(
        "A&E 4-hour performance",
        "Emergency Department",
        "Emergency care",
        "p",
        "monthly",
        pattern=Pattern(0.71, shift_at=0.6, shift_by=0.07, winter=-0.06, denominator=9200),
        target=95.0,
        events=(STREAMING,),
        multiplier=100.0,
        unit_label="%",
        description="Patients who left A&E within 4 hours of arrival.",
        numerator_definition="Attendances completed within 4 hours",
        denominator_definition="All type 1 attendances",
    ),
    DemoMeasure(
        "A&E attendances",
        "Emergency Department",
        "Emergency care",
        "xmr",
        "monthly",
        pattern=Pattern(9200, spread=320, drift=500, decimals=0),
        improvement="neutral",
        kind="balancing",
        unit_label="attendances",
    ),
    DemoMeasure(
        "Time to initial assessment",
        "Emergency Department",
        "Emergency care",
        "xmr",
        "weekly",
        pattern=Pattern(24, spread=3.5, shift_at=0.62, shift_by=-7),
        improvement="decrease",
        kind="process",
        unit_label="minutes",
        target=15.0,
        events=(STREAMING,),
    ),
    DemoMeasure(
        "Ambulance handovers over 60 minutes",
        "Emergency Department",
        "Emergency care",
        "c",
        "weekly",
        pattern=Pattern(14, winter=0.5),
        improvement="decrease",
        kind="process",
    ),
    DemoMeasure(
        "Left without being seen",
        "Emergency Department",
        "Emergency care",
        "p",
        "monthly",
        pattern=Pattern(0.045, denominator=9200),
        improvement="decrease",
        kind="balancing",
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "12-hour waits from decision to admit",
        "Acute Medical Unit",
        "Emergency care",
        "c",
        "monthly",
        pattern=Pattern(38, drift=30, winter=0.6),
        improvement="decrease",
    ),
    DemoMeasure(
        "Same day emergency care conversion",
        "Same Day Emergency Care",
        "Emergency care",
        "p",
        "weekly",
        pattern=Pattern(0.28, denominator=260, drift=0.05),
        kind="process",
        multiplier=100.0,
        unit_label="%",
    ),
    # Patient flow
    DemoMeasure(
        "Discharges before noon",
        "Integrated Discharge Team",
        "Frailty",
        "p",
        "daily",
        pattern=Pattern(0.16, shift_at=0.55, shift_by=0.08, denominator=95),
        kind="process",
        target=33.0,
        events=(Event(0.55, "Criteria-led discharge started", True),),
        multiplier=100.0,
        unit_label="%",
        numerator_definition="Discharges from adult inpatient wards before 12:00",
        denominator_definition="All discharges from adult inpatient wards",
    ),
    DemoMeasure(
        "Patients staying over 21 days",
        "Patient Flow",
        "Frailty",
        "xmr",
        "weekly",
        pattern=Pattern(92, spread=5, drift=-14, decimals=0),
        improvement="decrease",
        unit_label="patients",
    ),
    DemoMeasure(
        "General and acute bed occupancy",
        "Patient Flow",
        "Emergency care",
        "xmr",
        "monthly",
        pattern=Pattern(93.5, spread=1.2, winter=0.02),
        improvement="decrease",
        kind="balancing",
        unit_label="%",
        target=92.0,
    ),
    DemoMeasure(
        "Patients no longer meeting criteria to reside",
        "Integrated Discharge Team",
        "Frailty",
        "xmr",
        "weekly",
        pattern=Pattern(64, spread=6, winter=0.15, decimals=0),
        improvement="decrease",
        unit_label="patients",
    ),
    # Elderly care
    DemoMeasure(
        "Falls per 1,000 bed days: Larch Ward",
        "Larch Ward",
        "Frailty",
        "u",
        "weekly",
        pattern=Pattern(0.0075, denominator=196, shift_at=0.5, shift_by=-0.003),
        improvement="decrease",
        events=(Event(0.5, "Bay nursing and falls huddles", True),),
        unit_label="falls per 1,000 bed days",
        multiplier=1000.0,
    ),
    DemoMeasure(
        "Falls per 1,000 bed days: Rowan Ward",
        "Rowan Ward",
        "Frailty",
        "u",
        "weekly",
        pattern=Pattern(0.0068, denominator=182),
        improvement="decrease",
        unit_label="falls per 1,000 bed days",
        multiplier=1000.0,
    ),
    DemoMeasure(
        "Falls with moderate or severe harm",
        "Elderly Care",
        "Frailty",
        "c",
        "monthly",
        pattern=Pattern(2.2),
        improvement="decrease",
    ),
    DemoMeasure(
        "Category 2 or worse pressure ulcers",
        "Elderly Care",
        "Frailty",
        "c",
        "monthly",
        pattern=Pattern(9, drift=4),
        improvement="decrease",
    ),
    DemoMeasure(
        "Delirium screening within 24 hours",
        "Frailty Team",
        "Frailty",
        "p",
        "monthly",
        pattern=Pattern(0.58, drift=0.22, denominator=410),
        kind="process",
        target=90.0,
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Nutrition screening completed",
        "Rowan Ward",
        "Frailty",
        "p",
        "weekly",
        pattern=Pattern(0.86, denominator=40),
        kind="process",
        target=95.0,
        multiplier=100.0,
        unit_label="%",
    ),
    # Infection prevention
    DemoMeasure(
        "C. difficile infections",
        "Infection Prevention Team",
        None,
        "c",
        "monthly",
        pattern=Pattern(4.1, spike_at=0.8),
        improvement="decrease",
        events=(Event(0.8, "Outbreak on Willow Ward: deep clean and cohorting"),),
    ),
    DemoMeasure(
        "E. coli bloodstream infections",
        "Infection Prevention Team",
        None,
        "c",
        "monthly",
        pattern=Pattern(6.5),
        improvement="decrease",
    ),
    DemoMeasure(
        "Hand hygiene compliance",
        "Infection Prevention Team",
        None,
        "p",
        "monthly",
        pattern=Pattern(0.9, shift_at=0.4, shift_by=0.05, denominator=1200),
        kind="process",
        target=95.0,
        events=(Event(0.4, "Bare below the elbows audit relaunched", True),),
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Catheter infections per 1,000 catheter days",
        "Infection Prevention Team",
        None,
        "u",
        "monthly",
        pattern=Pattern(0.0042, denominator=2900),
        improvement="decrease",
        multiplier=1000.0,
    ),
    # Planned surgery
    DemoMeasure(
        "Theatre utilisation",
        "Main Theatres",
        "Planned surgery",
        "xmr",
        "weekly",
        pattern=Pattern(76, spread=4, drift=6),
        kind="process",
        unit_label="%",
        target=85.0,
    ),
    DemoMeasure(
        "On-the-day cancellations",
        "Main Theatres",
        "Planned surgery",
        "c",
        "weekly",
        pattern=Pattern(11, shift_at=0.7, shift_by=-4),
        improvement="decrease",
        events=(Event(0.7, "Pre-operative phone call two days before", True),),
    ),
    DemoMeasure(
        "Day case rate",
        "Day Surgery Unit",
        "Planned surgery",
        "p",
        "monthly",
        pattern=Pattern(0.79, denominator=1350),
        target=85.0,
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Surgical site infections",
        "Willow Ward",
        "Planned surgery",
        "p",
        "monthly",
        pattern=Pattern(0.031, denominator=420),
        improvement="decrease",
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Length of stay after hip fracture",
        "Heron Ward",
        "Planned surgery",
        "xmr",
        "monthly",
        pattern=Pattern(17.5, spread=1.6, drift=-2.5),
        improvement="decrease",
        unit_label="days",
    ),
    # Maternity
    DemoMeasure(
        "Postpartum haemorrhage over 1.5 litres",
        "Delivery Suite",
        "Maternity",
        "p",
        "monthly",
        pattern=Pattern(0.033, denominator=330),
        improvement="decrease",
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Skin-to-skin contact within an hour of birth",
        "Delivery Suite",
        "Maternity",
        "p",
        "monthly",
        pattern=Pattern(0.74, drift=0.1, denominator=330),
        kind="process",
        target=80.0,
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Inductions of labour delayed over 24 hours",
        "Postnatal Ward",
        "Maternity",
        "c",
        "weekly",
        pattern=Pattern(3.5),
        improvement="decrease",
        kind="process",
    ),
    # Children, medicines, people
    DemoMeasure(
        "Paediatric early warning scores completed",
        "Puffin Ward",
        None,
        "p",
        "weekly",
        pattern=Pattern(0.89, denominator=120, shift_at=0.45, shift_by=0.06),
        kind="process",
        target=95.0,
        events=(Event(0.45, "Electronic observations went live", True),),
        multiplier=100.0,
        unit_label="%",
    ),
    DemoMeasure(
        "Critical medicines omitted",
        "Ward Pharmacy Team",
        None,
        "run",
        "weekly",
        pattern=Pattern(21, spread=4, drift=-7, decimals=0),
        improvement="decrease",
        kind="process",
        unit_label="doses",
    ),
    DemoMeasure(
        "Missed doses per 1,000 doses",
        "Ward Pharmacy Team",
        None,
        "u",
        "monthly",
        pattern=Pattern(0.012, denominator=38000),
        improvement="decrease",
        multiplier=1000.0,
    ),
    DemoMeasure(
        "Staff sickness absence",
        "People Team",
        None,
        "xmr",
        "monthly",
        pattern=Pattern(5.1, spread=0.35, winter=0.15, decimals=2),
        improvement="decrease",
        kind="balancing",
        unit_label="%",
        target=4.0,
    ),
    DemoMeasure(
        "Improvement ideas raised by staff",
        "People Team",
        None,
        "run",
        "weekly",
        pattern=Pattern(6, spread=2.2, drift=5, decimals=0),
        unit_label="ideas",
    ),
    DemoMeasure(
        "Safety huddles held",
        "Elderly Care",
        "Frailty",
        "run",
        "weekly",
        pattern=Pattern(9, spread=1.5, shift_at=0.35, shift_by=4, decimals=0),
        kind="process",
        unit_label="huddles",
    ),
]


def event_period(event: Event, periods: list[dt.date]) -> dt.date:
    return periods[round(event.at * (len(periods) - 1))]
