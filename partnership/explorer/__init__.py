"""The JupyterLab explorer (notebooks/06_explore.ipynb): filter widgets and the views they update.

The filtering is partnership.analysis.explore, pure and usable on its own; this package adds
the controls (`controls`: one widget per filter, and when to build them) and the views of a
selection (`view`: the count line with its CSV link, the timeline, the results table). The
filter's own functions are re-exported so that the notebook needs this one import.

The notebook and its stored outputs
-----------------------------------
Widgets carry random model ids, and nbclient would store every widget's state in the notebook's
metadata. So the notebook builds widgets only when a Jupyter server runs its kernel
(`widgets_enabled`); batch runs (the build, nbval) store the default view instead: the count
line, the timeline and the table of every event, as plain HTML and PNG outputs that are the
same bytes on every run. In JupyterLab the same outputs are shown with display ids, and each
widget change updates them in place (`results_head_html`, `timeline_bundle`,
`results_table_html`).
"""

from partnership.analysis.explore import RESULT_COLUMNS, filter_events, origins_of, summary, to_csv
from partnership.explorer.controls import (
    FILTERS,
    GRADE_CHOICES,
    NO_WIDGETS_NOTE,
    WIDGETS_ENV,
    controls_box,
    filter_options,
    filter_values,
    make_controls,
    widgets_enabled,
)
from partnership.explorer.view import (
    CSV_NAME,
    csv_data_uri,
    problem_html,
    results_head_html,
    results_table_html,
    timeline_bundle,
    timeline_figure,
)

__all__ = [
    "CSV_NAME",
    "FILTERS",
    "GRADE_CHOICES",
    "NO_WIDGETS_NOTE",
    "RESULT_COLUMNS",
    "WIDGETS_ENV",
    "controls_box",
    "csv_data_uri",
    "filter_events",
    "filter_options",
    "filter_values",
    "make_controls",
    "origins_of",
    "problem_html",
    "results_head_html",
    "results_table_html",
    "summary",
    "timeline_bundle",
    "timeline_figure",
    "to_csv",
    "widgets_enabled",
]
