"""Actors linked through shared events, laid out by networkx with a fixed seed.

Two actors are linked when they take part in the same event (event_actors); a link's width
grows with the number of events they share, a node's size with the events it takes part in,
and its colour gives the actor type. The most connected actors are named (as many as fit
without overlapping). The layout is deterministic: nodes are added in id order and
`spring_layout` gets a fixed seed.

Built in named steps: `actor_graph` (the data), `network_data` (its nodes and links as a table),
`left_out` and `notes` (the footer),
`positions`, `ranked`, `finding` and `describe` (title, alt text), then the drawing of links,
nodes, legend and names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from partnership.analysis import tables
from partnership.charts.common import (
    INK,
    OKABE_ITO,
    ChartData,
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


NETWORK_COLUMNS = {
    "mark": "node (an actor) or link (two actors that take part in the same events)",
    "actor id": "The actor's id in data/actors.csv; for a link, the first of its two actors in id order",
    "actor": "The actor's name",
    "actor type": "The actor's type (the node's colour); empty for a link",
    "other actor id": "For a link, the id of its second actor; empty for a node",
    "other actor": "For a link, the name of its second actor; empty for a node",
    "events": "For a node, the events the actor takes part in (its size); for a link, the events both share (its width)",
    "partners": "For a node, the drawn actors it shares an event with; empty for a link",
    "event ids": "For a link, the ids of the shared events, space-separated; empty for a node",
}


def network_data(graph: nx.Graph) -> ChartData:
    """Nodes from the most connected (see ranked), then links from the heaviest, ties in id order."""
    nodes = graph.nodes
    rows = [
        ("node", n, nodes[n]["name"], nodes[n]["type"], None, None, nodes[n]["n_events"], graph.degree(n), None)
        for n in ranked(graph)
    ]
    links = sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True))
    for a, b, d in sorted(links, key=lambda link: -link[2]["weight"]):
        rows.append(("link", a, nodes[a]["name"], None, b, nodes[b]["name"], d["weight"], None, d["events"]))
    return ChartData(pd.DataFrame(rows, columns=list(NETWORK_COLUMNS)), NETWORK_COLUMNS)


def left_out(pkg: EvidencePackage, graph: nx.Graph, min_events: int = 1) -> tuple[list[str], int]:
    """Actors in enough events but linked to no drawn actor (ids), and how many take part in no event."""
    summary = tables.actor_summary(pkg)
    in_events = summary[summary["n_events"] >= min_events]
    return sorted(set(in_events["actor_id"]) - set(graph.nodes)), int((summary["n_events"] == 0).sum())


def notes(label_top: int, min_events: int, alone: list[str], not_in_events: int) -> list[str]:
    """The footer notes: how to read the network, and who is not drawn."""
    out = [
        "Two actors are linked when they take part in the same event; thicker links: more shared events; "
        "bigger nodes: more events. The layout is force-directed: positions mean nothing beyond that. "
        f"Names are shown for up to {label_top} of the most connected actors, "
        "as many as fit without overlapping."
    ]
    if min_events > 1:
        out.append(f"Only actors in at least {min_events} events are drawn.")
    if alone:
        out.append(
            f"{plural(len(alone), 'actor')} share{'s' if len(alone) == 1 else ''} no event with another "
            f"drawn actor and {'is' if len(alone) == 1 else 'are'} left out"
            + (f": {', '.join(alone)}." if len(alone) <= 6 else ".")
        )
    if not_in_events and min_events <= 1:
        out.append(
            f"{plural(not_in_events, 'actor')} of the package take{'s' if not_in_events == 1 else ''} part in no event."
        )
    return out


def positions(graph: nx.Graph, seed: int = SEED) -> dict[str, np.ndarray]:
    """Node positions from a seeded force-directed layout (the same graph always gives the same)."""
    import networkx as nx

    return nx.spring_layout(graph, seed=seed, weight=None, k=2.2 / np.sqrt(graph.number_of_nodes()), iterations=300)


def ranked(graph: nx.Graph) -> list[str]:
    """Nodes from the most connected: most partners, then most events, then id."""
    return sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n]["n_events"], n))


def finding(graph: nx.Graph) -> str:
    """The title: the actor(s) sharing events with the most others."""
    order = ranked(graph)
    top = order[0]
    leaders = [n for n in order if graph.degree(n) == graph.degree(top)]
    others = graph.number_of_nodes() - 1
    if len(leaders) == 1:
        return (
            f"{graph.nodes[top]['name']} shares events with more actors than any other: "
            f"{graph.degree(top)} of the {others} others drawn"
        )
    return (
        f"{join_words([graph.nodes[n]['name'] for n in sorted(leaders)])} share events with the most actors: "
        f"{graph.degree(top)} each of the {others} others drawn"
    )


def type_counts(graph: nx.Graph, types: list[str]) -> dict[str, int]:
    """Drawn actors per type, for the types present, in the schema's order."""
    node_types = [graph.nodes[n]["type"] for n in graph.nodes]
    return {t: node_types.count(t) for t in types if t in set(node_types)}


def describe(graph: nx.Graph, types: list[str]) -> str:
    """The alt text: actors by type, links, and the eight most connected."""
    type_text = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in type_counts(graph, types).items())
    most = "; ".join(
        f"{graph.nodes[n]['name']} ({graph.degree(n)} partners, {graph.nodes[n]['n_events']} events)"
        for n in ranked(graph)[:8]
    )
    return (
        f"Network of {plural(graph.number_of_nodes(), 'actor')} ({type_text}) joined by "
        f"{plural(graph.number_of_edges(), 'link')}, one for each pair of actors that take part in the same event. "
        f"Most connected: {most}."
    )


def _node_sizes(graph: nx.Graph) -> np.ndarray:
    """Marker areas (points squared), growing with the events an actor takes part in."""
    return np.array([18 + 14 * graph.nodes[n]["n_events"] for n in graph.nodes])


def _draw_graph(ax: Axes, graph: nx.Graph, pos: dict, colour: dict[str, str]) -> None:
    """Links (wider for more shared events) under the nodes (sized by events, coloured by type)."""
    xy = np.array([pos[n] for n in graph.nodes])
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
    colours = [colour[graph.nodes[n]["type"]] for n in graph.nodes]
    nodes = ax.scatter(
        xy[:, 0], xy[:, 1], s=_node_sizes(graph), c=colours, edgecolors="#444444", linewidths=0.5, zorder=3
    )
    nodes.set_gid("actors")
    pad = 0.08 * (xy.max(axis=0) - xy.min(axis=0)).max()
    ax.set_xlim(xy[:, 0].min() - 1.5 * pad, xy[:, 0].max() + 1.5 * pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)


def _draw_legend(ax: Axes, counts: dict[str, int], colour: dict[str, str]) -> None:
    """Actor types (with their counts) below the network."""
    handles = [ax.scatter([], [], s=40, c=colour[t], edgecolors="#444444", linewidths=0.5) for t in counts]
    ax.legend(
        handles,
        [f"{t.replace('_', ' ')} ({n})" for t, n in counts.items()],
        title="Actor type (node colour)",
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=5,
        borderaxespad=0.3,
    )


def _draw_names(ax: Axes, graph: nx.Graph, pos: dict, label_top: int) -> tuple[list, list]:
    """Names of the most connected actors where they fit, clear of the nodes (layout frozen first)."""
    sizes = _node_sizes(graph)
    radius = {n: np.sqrt(size) / 2 for n, size in zip(graph.nodes, sizes)}
    top = ranked(graph)[:label_top]
    candidates = [(pos[n][0], pos[n][1], shorten(graph.nodes[n]["name"], 28), radius[n]) for n in top]
    to_px = ax.transData.transform
    obstacles = []
    for n, size in zip(graph.nodes, sizes):
        r = np.sqrt(size) / 2 * ax.figure.dpi / 72  # marker radius in pixels (size is in points squared)
        cx, cy = to_px(pos[n])
        obstacles.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    label_kw = {"color": INK, "bbox": {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.6}}
    placed, skipped = place_labels(ax, candidates, fontsize=7.5, obstacles=obstacles, **label_kw)
    for text in placed:
        text.set_zorder(4)
    return placed, skipped


@styled
def actor_network(
    pkg: EvidencePackage, min_events: int = 1, label_top: int = 25, seed: int = SEED, title: str | None = None
) -> Figure:
    """Network of actors linked through shared events; nodes coloured by actor type."""
    graph = actor_graph(pkg, min_events)
    types = tables.categories(pkg["actors"], "type")
    colour = {t: TYPE_COLOURS[i % len(TYPE_COLOURS)] for i, t in enumerate(types)}
    footer = notes(label_top, min_events, *left_out(pkg, graph, min_events))
    fig = new_figure(8.2, footer_lines=footer_line_count(footer) + 1)
    ax = fig.add_subplot()
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    if graph.number_of_nodes() == 0:
        empty_axes(ax, "No two actors share an event")
        alt = "An empty network: no two actors take part in the same event."
        return finish(
            fig, title or "No actors share an event", alt, pkg.as_of, pkg.title, footer, data=network_data(graph)
        )
    pos = positions(graph, seed)
    _draw_graph(ax, graph, pos, colour)
    _draw_legend(ax, type_counts(graph, types), colour)
    finish(fig, title or finding(graph), describe(graph, types), pkg.as_of, pkg.title, footer, data=network_data(graph))
    freeze_layout(fig)
    placed, skipped = _draw_names(ax, graph, pos, label_top)
    set_meta(fig, labelled=[t.get_text() for t in placed], unlabelled=[s[2] for s in skipped])
    return fig
