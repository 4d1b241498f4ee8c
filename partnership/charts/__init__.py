"""Charts: one function per chart, each taking the EvidencePackage and returning a Figure.

Every figure has a title stating what it shows (computed from the data), labelled axes, a
footer with notes on what is missing and the package's "data as of" line, and alt text
(`alt_text(fig)`; all metadata via `chart_meta(fig)`), and the data it plotted, one row per
mark (`chart_data(fig)`). Export with partnership.charts.output.export (PNG, SVG, CSV, sidecar).

Modules, one per concern: timeline (events over time), sectors (sector x phase),
network (actors linked through events), quantities (ownership, competing figures),
evidence (sources, reprints, independent support, grades, discrepancies).
"""

from partnership.charts.common import ChartData, alt_text, chart_data, chart_meta, figure_texts
from partnership.charts.evidence import (
    discrepancy_status,
    grade_distribution,
    independent_support,
    reprint_clusters,
    sources_profile,
)
from partnership.charts.network import actor_graph, actor_network
from partnership.charts.output import export
from partnership.charts.quantities import ownership, reported_figures
from partnership.charts.sectors import sector_matrix
from partnership.charts.timeline import timeline

__all__ = [
    "ChartData",
    "actor_graph",
    "actor_network",
    "alt_text",
    "chart_data",
    "chart_meta",
    "discrepancy_status",
    "export",
    "figure_texts",
    "grade_distribution",
    "independent_support",
    "ownership",
    "reported_figures",
    "reprint_clusters",
    "sector_matrix",
    "sources_profile",
    "timeline",
]
