"""Actors linked through shared events, laid out by networkx with a fixed seed.

Two actors are linked when they take part in the same event (event_actors); a link's width
grows with the number of events they share, a node's size with the events it takes part in,
and its colour gives the actor type. The most connected actors are named (as many as fit
without overlapping). The layout is deterministic: nodes are added in id order and
`spring_layout` gets a fixed seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.transforms import Bbox

from partnership.analysis import tables
from partnership.charts.common import (
    INK,
    OKABE_ITO,
    empty_axes,
    finish,
    footer_line_count,
    freeze_layout,
    join_words,
    new_figure,
    place_labels,
    plural,
    set_meta,
    shorten,
    styled,
)
from partnership.data.load import EvidencePackage

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx  # imported where used: ~0.1 s that notebooks without a network need not pay

TYPE_COLOURS = [OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky", "vermillion", "black", "yellow")]
TYPE_COLOURS.append("#999999")
SEED = 7


def actor_graph(pkg: EvidencePackage, min_events: int = 1) -> nx.Graph:
    """The graph: actors in at least `min_events` events that share an event with another one."""
    summary = tables.actor_summary(pkg).set_index("actor_id")
    keep = summary[summary["n_events"] >= min_events]
    links = tables.actor_links(pkg)
    links = links[links["actor_a"].isin(keep.index) & links["actor_b"].isin(keep.index)]
    import networkx as nx

    graph = nx.Graph()
    linked = sorted(set(links["actor_a"]) | set(links["actor_b"]))
    for actor_id in linked:
        row = keep.loc[actor_id]
        graph.add_node(actor_id, name=row["name_en"], type=str(row["type"]), n_events=int(row["n_events"]))
    for a, b, n, ev in sorted(zip(links["actor_a"], links["actor_b"], links["n_events"], links["event_ids"])):
        graph.add_edge(a, b, weight=int(n), events=ev)
    return graph


@styled
def actor_network(
    pkg: EvidencePackage, min_events: int = 1, label_top: int = 25, seed: int = SEED, title: str | None = None
):
    """Network of actors linked through shared events; nodes coloured by actor type."""
    graph = actor_graph(pkg, min_events)
    actors = pkg["actors"]
    types = tables.categories(actors, "type")
    colour = {t: TYPE_COLOURS[i % len(TYPE_COLOURS)] for i, t in enumerate(types)}
    summary = tables.actor_summary(pkg)
    in_events = summary[summary["n_events"] >= min_events]
    alone = sorted(set(in_events["actor_id"]) - set(graph.nodes))
    not_in_events = int((summary["n_events"] == 0).sum())

    notes = [
        "Two actors are linked when they take part in the same event; thicker links: more shared events; "
        "bigger nodes: more events. The layout is force-directed: positions mean nothing beyond that. "
        f"Names are shown for up to {label_top} of the most connected actors, "
        "as many as fit without overlapping."
    ]
    if min_events > 1:
        notes.append(f"Only actors in at least {min_events} events are drawn.")
    if alone:
        notes.append(
            f"{plural(len(alone), 'actor')} share{'s' if len(alone) == 1 else ''} no event with another "
            f"drawn actor and {'is' if len(alone) == 1 else 'are'} left out"
            + (f": {', '.join(alone)}." if len(alone) <= 6 else ".")
        )
    if not_in_events and min_events <= 1:
        notes.append(
            f"{plural(not_in_events, 'actor')} of the package take{'s' if not_in_events == 1 else ''} part in no event."
        )
    footer = footer_line_count(notes) + 1
    fig = new_figure(8.2, footer_lines=footer)
    ax = fig.add_subplot()
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])

    if graph.number_of_nodes() == 0:
        empty_axes(ax, "No two actors share an event")
        return finish(
            fig,
            title or "No actors share an event",
            "An empty network: no two actors take part in the same event.",
            pkg.as_of,
            pkg.title,
            notes,
        )

    import networkx as nx

    pos = nx.spring_layout(graph, seed=seed, weight=None, k=2.2 / np.sqrt(graph.number_of_nodes()), iterations=300)
    nodes = list(graph.nodes)
    xy = np.array([pos[n] for n in nodes])
    for a, b, data in graph.edges(data=True):
        ax.plot(
            [pos[a][0], pos[b][0]],
            [pos[a][1], pos[b][1]],
            color="#AAAAAA",
            alpha=0.6,
            lw=0.4 + 0.5 * min(data["weight"], 8),
            zorder=1,
            solid_capstyle="round",
        )
    sizes = np.array([18 + 14 * graph.nodes[n]["n_events"] for n in nodes])
    node_types = [graph.nodes[n]["type"] for n in nodes]
    scatter = ax.scatter(
        xy[:, 0], xy[:, 1], s=sizes, c=[colour[t] for t in node_types], edgecolors="#444444", linewidths=0.5, zorder=3
    )
    scatter.set_gid("actors")
    pad = 0.08 * (xy.max(axis=0) - xy.min(axis=0)).max()
    ax.set_xlim(xy[:, 0].min() - 1.5 * pad, xy[:, 0].max() + 1.5 * pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)

    present = [t for t in types if t in set(node_types)]
    handles = [ax.scatter([], [], s=40, c=colour[t], edgecolors="#444444", linewidths=0.5) for t in present]
    counts = {t: node_types.count(t) for t in present}
    ax.legend(
        handles,
        [f"{t.replace('_', ' ')} ({counts[t]})" for t in present],
        title="Actor type (node colour)",
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=5,
        borderaxespad=0.3,
    )

    degree = {n: graph.degree(n) for n in nodes}
    ranked = sorted(nodes, key=lambda n: (-degree[n], -graph.nodes[n]["n_events"], n))
    top = ranked[0]
    leaders = [n for n in ranked if degree[n] == degree[top]]
    others = graph.number_of_nodes() - 1
    if len(leaders) == 1:
        found = (
            f"{graph.nodes[top]['name']} shares events with more actors than any other: "
            f"{degree[top]} of the {others} others drawn"
        )
    else:
        found = (
            f"{join_words([graph.nodes[n]['name'] for n in sorted(leaders)])} share events with the most actors: "
            f"{degree[top]} each of the {others} others drawn"
        )
    found = title or found
    type_text = ", ".join(f"{counts[t]} {t.replace('_', ' ')}" for t in present)
    alt = (
        f"Network of {plural(graph.number_of_nodes(), 'actor')} ({type_text}) joined by "
        f"{plural(graph.number_of_edges(), 'link')}, one for each pair of actors that take part in the same event. "
        f"Most connected: "
        + "; ".join(
            f"{graph.nodes[n]['name']} ({degree[n]} partners, {graph.nodes[n]['n_events']} events)" for n in ranked[:8]
        )
        + "."
    )
    finish(fig, found, alt, pkg.as_of, pkg.title, notes)
    freeze_layout(fig)
    radius = {n: np.sqrt(size) / 2 for n, size in zip(nodes, sizes)}
    candidates = [(pos[n][0], pos[n][1], shorten(graph.nodes[n]["name"], 28), radius[n]) for n in ranked[:label_top]]
    to_px = ax.transData.transform
    obstacles = []
    for (x, y), size in zip(xy, sizes):
        r = np.sqrt(size) / 2 * fig.dpi / 72  # marker radius in pixels (size is in points squared)
        cx, cy = to_px((x, y))
        obstacles.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    placed, skipped = place_labels(
        ax,
        candidates,
        fontsize=7.5,
        color=INK,
        obstacles=obstacles,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.6},
    )
    for text in placed:
        text.set_zorder(4)
    set_meta(fig, labelled=[t.get_text() for t in placed], unlabelled=[s[2] for s in skipped])
    return fig
