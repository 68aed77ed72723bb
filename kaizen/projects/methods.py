"""The improvement methods Kaizen ships, as plain data copied into each organisation.

An organisation adapts its copy (stage names, required fields, tools, fidelity checks) without
code; these defaults only seed it, so changing them here never rewrites an organisation's method.
"""

from __future__ import annotations

from dataclasses import dataclass

# Project fields a stage may require, with the words used in error messages and the form.
PROJECT_FIELDS: dict[str, str] = {
    "problem": "the problem in the team's words",
    "aim_what": "what the aim will improve",
    "aim_for_whom": "who the aim is for",
    "aim_how_much": "how much (a measurable amount)",
    "aim_by_when": "by when (a date)",
    "sponsor": "a sponsor",
    "lead": "a project lead",
    "unit": "an area",
    "value_stream": "a value stream",
    "priority": "a strategic priority",
    "team": "at least one team member",
    "measures": "at least one linked measure",
    "drivers": "a driver diagram with at least one primary driver",
    "change_ideas": "at least one change idea",
    "cycles": "at least one PDSA cycle",
}

# Tools a method can switch on; a project page shows only its method's tools.
TOOLS: dict[str, str] = {
    "driver_diagram": "Driver diagram",
    "pdsa": "PDSA cycles",
    "measures": "Family of measures",
    "a3": "A3 problem-solving report",
    "value_stream_map": "Value stream map",
    "rpiw": "Rapid Process Improvement Week",
    "sipoc": "SIPOC and process map",
    "control_plan": "Control plan",
}

# The fidelity checks a method can ask for; kaizen.projects.fidelity evaluates them.
FIDELITY_CHECKS: dict[str, str] = {
    "aim_measurable": "The aim has a measurable amount",
    "aim_dated": "The aim has a date",
    "measure_family": "The measures include outcome, process and balancing measures",
    "driver_diagram": "The driver diagram links the aim to change ideas",
    "pdsa_predictions": "Every PDSA cycle had a prediction before it started",
    "pdsa_study": "Every studied cycle compares the result with the prediction",
    "pdsa_learning": "Every closed cycle records what was learned",
    "patient_partner": "A patient partner is on the team",
    "progress_scored": "The IHI progress score has been recorded",
    "sipoc": "A SIPOC names the process's suppliers, inputs, steps, outputs and customers",
    "control_plan": "The control plan watches every outcome and process measure, with a "
    "reaction plan",
    "value_stream_map": "The value-stream map has a current and a future state",
}


@dataclass(frozen=True)
class StageTemplate:
    name: str
    required_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class MethodTemplate:
    key: str
    name: str
    description: str
    stages: tuple[StageTemplate, ...]
    tools: tuple[str, ...]
    checks: tuple[str, ...]


MODEL_FOR_IMPROVEMENT = MethodTemplate(
    key="mfi",
    name="Model for Improvement",
    description=(
        "Three questions (what are we trying to accomplish, how will we know a change is an "
        "improvement, what changes can we make) and rapid PDSA cycles to test changes."
    ),
    stages=(
        StageTemplate("Scoping", ("problem", "lead")),
        StageTemplate("Aim and measures", ("aim_what", "aim_how_much", "aim_by_when", "measures")),
        StageTemplate("Testing changes", ("drivers", "change_ideas", "cycles")),
        StageTemplate("Implementing"),
        StageTemplate("Spreading and sustaining"),
    ),
    tools=("driver_diagram", "pdsa", "measures"),
    checks=(
        "aim_measurable",
        "aim_dated",
        "measure_family",
        "driver_diagram",
        "pdsa_predictions",
        "pdsa_study",
        "pdsa_learning",
        "progress_scored",
    ),
)

LEAN = MethodTemplate(
    key="lean",
    name="Lean (A3 and Rapid Process Improvement Week)",
    description=(
        "A3 problem-solving on a value stream: background, current state, target state, root "
        "causes, countermeasures, and a Rapid Process Improvement Week with 30/60/90-day "
        "report-outs."
    ),
    stages=(
        StageTemplate("Background and current state", ("problem", "value_stream", "sponsor")),
        StageTemplate("Target state", ("aim_what", "aim_how_much", "aim_by_when", "measures")),
        StageTemplate("Root cause analysis", ("drivers",)),
        StageTemplate("Countermeasures and RPIW", ("change_ideas", "cycles")),
        StageTemplate("Follow-up (30/60/90 days)"),
    ),
    tools=("a3", "value_stream_map", "rpiw", "measures", "pdsa"),
    checks=(
        "aim_measurable",
        "aim_dated",
        "measure_family",
        "pdsa_study",
        "pdsa_learning",
        "value_stream_map",
    ),
)

DMAIC = MethodTemplate(
    key="dmaic",
    name="DMAIC (Six Sigma)",
    description="Define, Measure, Analyse, Improve, Control.",
    stages=(
        StageTemplate("Define", ("problem", "aim_what", "sponsor", "lead")),
        StageTemplate("Measure", ("measures", "aim_how_much")),
        StageTemplate("Analyse", ("drivers",)),
        StageTemplate("Improve", ("change_ideas", "cycles", "aim_by_when")),
        StageTemplate("Control"),
    ),
    tools=("sipoc", "driver_diagram", "measures", "pdsa", "control_plan"),
    checks=(
        "aim_measurable",
        "aim_dated",
        "measure_family",
        "pdsa_predictions",
        "pdsa_study",
        "sipoc",
        "control_plan",
    ),
)

DEFAULT_METHODS: tuple[MethodTemplate, ...] = (MODEL_FOR_IMPROVEMENT, LEAN, DMAIC)

# Organisation-defined status names start as these; each maps to a fixed kind.
DEFAULT_STATUSES: tuple[tuple[str, str], ...] = (
    ("Proposed", "proposed"),
    ("Active", "active"),
    ("Sustaining", "sustaining"),
    ("Closed", "closed"),
    ("Abandoned", "abandoned"),
)
