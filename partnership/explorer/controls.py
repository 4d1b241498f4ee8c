"""The explorer's controls: one ipywidgets control per filter, its choices, and when to build them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from partnership.analysis.explore import allowed_values, event_citations
from partnership.data.load import EvidencePackage

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets  # imported where used: batch runs of the notebook build no widgets

LANGUAGE_NAMES = {"it": "Italian", "en": "English", "zh": "Chinese", "de": "German"}  # ISO 639-1
GRADE_CHOICES = [("any grade", ""), ("A only", "A"), ("B or better", "B"), ("C or better", "C")]
FILTERS = ["sectors", "actors", "phases", "start", "end", "min_grade", "languages", "sides"]
WIDGETS_ENV = "PARTNERSHIP_EXPLORER_WIDGETS"
NO_WIDGETS_NOTE = (
    "<p><i>The filter controls are live widgets: they appear here when this notebook runs in "
    "JupyterLab (<code>make lab</code>). Without a running kernel you see the default view below: "
    "every event, unfiltered.</i></p>"
)


def filter_options(pkg: EvidencePackage) -> dict[str, list[tuple[str, object]]]:
    """(label, value) choices for each filter widget, with the number of events per choice.

    Sectors and actors are listed when at least one event uses them, sorted by label; phases,
    languages and sides in the schema's order.
    """
    events, ev_sectors, ev_actors = pkg["events"], pkg["event_sectors"], pkg["event_actors"]
    n_sector = ev_sectors.drop_duplicates().groupby("sector_id")["event_id"].nunique()
    n_actor = ev_actors.groupby("actor_id")["event_id"].nunique()
    sectors = pkg["sectors"].set_index("sector_id")["label_en"]
    actors = pkg["actors"].set_index("actor_id")["name_en"]
    cit = event_citations(pkg)
    sup = cit[cit["stance"] == "supports"]
    n_lang = sup.groupby("language")["record_id"].nunique()
    n_side = sup.groupby("side")["record_id"].nunique()
    n_phase = events["phase"].astype(object).value_counts()

    def listed(counts: pd.Series, labels: pd.Series) -> list[tuple[str, object]]:
        items = [(f"{labels.get(k, k)} ({int(n)})", k) for k, n in counts.items() if n > 0]
        return sorted(items, key=lambda item: (item[0].casefold(), item[1]))

    languages = allowed_values(pkg["sources"], "language")
    return {
        "sectors": listed(n_sector, sectors),
        "actors": listed(n_actor, actors),
        "phases": [(f"{p} ({int(n_phase.get(p, 0))})", p) for p in allowed_values(events, "phase")],
        "min_grade": list(GRADE_CHOICES),
        "languages": [(f"{LANGUAGE_NAMES.get(c, c)} ({int(n_lang.get(c, 0))})", c) for c in languages],
        "sides": [(f"{s} ({int(n_side.get(s, 0))})", s) for s in allowed_values(pkg["sources"], "side")],
    }


def filter_values(controls: Mapping[str, object]) -> dict[str, object]:
    """The keyword arguments of `filter_events` read from widgets (anything with `.value`)."""
    unknown = sorted(set(controls) - set(FILTERS))
    if unknown:
        raise ValueError(f"unknown filter {', '.join(unknown)}; allowed: {', '.join(FILTERS)}")
    return {name: control.value for name, control in controls.items()}


def make_controls(pkg: EvidencePackage) -> dict[str, ipywidgets.ValueWidget]:
    """One ipywidgets control per filter (keys FILTERS), each with CSS class explore-<name>."""
    import ipywidgets as widgets

    options = filter_options(pkg)
    style = {"description_width": "110px"}

    def pick(name: str, label: str) -> widgets.SelectMultiple:
        return widgets.SelectMultiple(
            options=options[name], description=label, rows=6, style=style, layout=widgets.Layout(width="360px")
        )

    controls = {
        "sectors": pick("sectors", "Sectors"),
        "actors": pick("actors", "Actors"),
        "phases": pick("phases", "Phases"),
        "start": widgets.DatePicker(description="From", style=style),
        "end": widgets.DatePicker(description="To", style=style),
        "min_grade": widgets.Dropdown(options=options["min_grade"], value="", description="Minimum grade", style=style),
        "languages": pick("languages", "Source language"),
        "sides": pick("sides", "Source side"),
    }
    for name, control in controls.items():
        control.add_class(f"explore-{name}")
    return controls


def controls_box(controls: Mapping[str, ipywidgets.Widget]) -> ipywidgets.VBox:
    """The controls laid out in three rows (what the notebook displays)."""
    import ipywidgets as widgets

    c = controls
    dates = widgets.VBox([c["start"], c["end"], c["min_grade"]])
    return widgets.VBox(
        [
            widgets.HBox([c["sectors"], c["actors"]]),
            widgets.HBox([c["phases"], dates]),
            widgets.HBox([c["languages"], c["sides"]]),
        ]
    )


def widgets_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether to build live widgets: only when a Jupyter server runs the kernel.

    A Jupyter server (JupyterLab, Notebook 7) gives its kernels the JPY_SESSION_NAME variable;
    batch runs (the build's nbclient, nbval) do not. Building widgets there would store random
    widget model ids in the notebook, so batch runs show the static default view instead.
    PARTNERSHIP_EXPLORER_WIDGETS=1 (or 0) forces the choice, e.g. for another front end.
    """
    environ = os.environ if environ is None else environ
    forced = environ.get(WIDGETS_ENV, "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    return bool(environ.get("JPY_SESSION_NAME"))
