"""Actors linked through shared events, laid out by networkx with a fixed seed.

Two actors are linked when they take part in the same event (event_actors); a link's width
grows with the number of events they share, a node's size with the events it takes part in,
and its colour gives the actor type. The most connected actors are named (as many as fit
without overlapping). The layout is deterministic: nodes are added in id order and
`spring_layout` gets a fixed seed.

Built in named steps: `actor_graph` (the data), `network_data` (its nodes and links as a table),
`left_out` and `notes` (the footer),
`positions`, `ranked`, `finding` and `describe` (title, alt text), then the drawing of links,
nodes, legend and names. Words come in the chart's language (`lang`); actor names stay as the
data gives them. The layout does not depend on the language.
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
    new_figure,
    place_labels,
    set_meta,
    shorten,
    styled,
)
from partnership.data.load import EvidencePackage
from partnership.i18n import N_, words
from partnership.i18n.vocabulary import as_of_line, word

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
    N_("mark"): N_("node (an actor) or link (two actors that take part in the same events)"),
    N_("actor id"): N_("The actor's id in data/actors.csv; for a link, the first of its two actors in id order"),
    N_("actor"): N_("The actor's name"),
    N_("actor type"): N_("The actor's type (the node's colour); empty for a link"),
    N_("other actor id"): N_("For a link, the id of its second actor; empty for a node"),
    N_("other actor"): N_("For a link, the name of its second actor; empty for a node"),
    N_("events"): N_(
        "For a node, the events the actor takes part in (its size); for a link, the events both share (its width)"
    ),
    N_("partners"): N_("For a node, the drawn actors it shares an event with; empty for a link"),
    N_("event ids"): N_("For a link, the ids of the shared events, space-separated; empty for a node"),
}


def network_data(graph: nx.Graph, lang: str = "en") -> ChartData:
    """Nodes from the most connected (see ranked), then links from the heaviest, ties in id order.

    'mark' is in the language; the actor type stays a code, as the data writes it."""
    w = words(lang)
    node, link = w.pgettext("network mark", "node"), w.pgettext("network mark", "link")
    nodes = graph.nodes
    rows = [
        (node, n, nodes[n]["name"], nodes[n]["type"], None, None, nodes[n]["n_events"], graph.degree(n), None)
        for n in ranked(graph)
    ]
    links = sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True))
    for a, b, d in sorted(links, key=lambda link: -link[2]["weight"]):
        rows.append((link, a, nodes[a]["name"], None, b, nodes[b]["name"], d["weight"], None, d["events"]))
    return ChartData(pd.DataFrame(rows, columns=list(NETWORK_COLUMNS)), NETWORK_COLUMNS).translated(lang)


def left_out(pkg: EvidencePackage, graph: nx.Graph, min_events: int = 1) -> tuple[list[str], int]:
    """Actors in enough events but linked to no drawn actor (ids), and how many take part in no event."""
    summary = tables.actor_summary(pkg)
    in_events = summary[summary["n_events"] >= min_events]
    return sorted(set(in_events["actor_id"]) - set(graph.nodes)), int((summary["n_events"] == 0).sum())


def notes(label_top: int, min_events: int, alone: list[str], not_in_events: int, lang: str = "en") -> list[str]:
    """The footer notes: how to read the network, and who is not drawn."""
    w = words(lang)
    out = [
        w.gettext(
            "Two actors are linked when they take part in the same event; thicker links: more shared events; "
            "bigger nodes: more events. The layout is force-directed: positions mean nothing beyond that. "
            "Names are shown for up to {n} of the most connected actors, as many as fit without overlapping.",
            n=label_top,
        )
    ]
    if min_events > 1:
        out.append(w.gettext("Only actors in at least {n} events are drawn.", n=min_events))
    if alone and len(alone) <= 6:
        out.append(
            w.ngettext(
                "{n} actor shares no event with another drawn actor and is left out: {ids}.",
                "{n} actors share no event with another drawn actor and are left out: {ids}.",
                len(alone),
                ids=", ".join(alone),
            )
        )
    elif alone:
        out.append(
            w.ngettext(
                "{n} actor shares no event with another drawn actor and is left out.",
                "{n} actors share no event with another drawn actor and are left out.",
                len(alone),
            )
        )
    if not_in_events and min_events <= 1:
        out.append(
            w.ngettext(
                "{n} actor of the package takes part in no event.",
                "{n} actors of the package take part in no event.",
                not_in_events,
            )
        )
    return out


def positions(graph: nx.Graph, seed: int = SEED) -> dict[str, np.ndarray]:
    """Node positions from a seeded force-directed layout (the same graph always gives the same)."""
    import networkx as nx

    return nx.spring_layout(graph, seed=seed, weight=None, k=2.2 / np.sqrt(graph.number_of_nodes()), iterations=300)


def ranked(graph: nx.Graph) -> list[str]:
    """Nodes from the most connected: most partners, then most events, then id."""
    return sorted(graph.nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n]["n_events"], n))


def finding(graph: nx.Graph, lang: str = "en") -> str:
    """The title: the actor(s) sharing events with the most others."""
    w = words(lang)
    order = ranked(graph)
    top = order[0]
    leaders = [n for n in order if graph.degree(n) == graph.degree(top)]
    others = graph.number_of_nodes() - 1
    if len(leaders) == 1:
        return w.gettext(
            "{actor} shares events with more actors than any other: {n} of the {others} others drawn",
            actor=graph.nodes[top]["name"],
            n=graph.degree(top),
            others=others,
        )
    return w.gettext(
        "{actors} share events with the most actors: {n} each of the {others} others drawn",
        actors=w.join(graph.nodes[n]["name"] for n in sorted(leaders)),
        n=graph.degree(top),
        others=others,
    )


def type_counts(graph: nx.Graph, types: list[str]) -> dict[str, int]:
    """Drawn actors per type, for the types present, in the schema's order."""
    node_types = [graph.nodes[n]["type"] for n in graph.nodes]
    return {t: node_types.count(t) for t in types if t in set(node_types)}


def describe(graph: nx.Graph, types: list[str], lang: str = "en") -> str:
    """The alt text: actors by type, links, and the eight most connected."""
    w = words(lang)
    type_text = ", ".join(
        w.pgettext("how many drawn actors are of a type", "{n} {type}", n=n, type=word("actor type", t, lang))
        for t, n in type_counts(graph, types).items()
    )
    most = "; ".join(
        w.gettext(
            "{actor} ({partners} partners, {events} events)",
            actor=graph.nodes[n]["name"],
            partners=graph.degree(n),
            events=graph.nodes[n]["n_events"],
        )
        for n in ranked(graph)[:8]
    )
    return w.gettext(
        "Network of {actors} ({types}) joined by {links}, one for each pair of actors that take part in the "
        "same event. Most connected: {most}.",
        actors=w.ngettext("{n} actor", "{n} actors", graph.number_of_nodes()),
        types=type_text,
        links=w.ngettext("{n} link", "{n} links", graph.number_of_edges()),
        most=most,
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


def _draw_legend(ax: Axes, counts: dict[str, int], colour: dict[str, str], lang: str) -> None:
    """Actor types (with their counts) below the network."""
    handles = [ax.scatter([], [], s=40, c=colour[t], edgecolors="#444444", linewidths=0.5) for t in counts]
    ax.legend(
        handles,
        [f"{word('actor type', t, lang)} ({n})" for t, n in counts.items()],
        title=words(lang).gettext("Actor type (node colour)"),
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
    pkg: EvidencePackage,
    min_events: int = 1,
    label_top: int = 25,
    seed: int = SEED,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """Network of actors linked through shared events; nodes coloured by actor type."""
    w = words(lang)
    graph = actor_graph(pkg, min_events)
    types = tables.categories(pkg["actors"], "type")
    colour = {t: TYPE_COLOURS[i % len(TYPE_COLOURS)] for i, t in enumerate(types)}
    footer = notes(label_top, min_events, *left_out(pkg, graph, min_events), lang=lang)
    as_of = as_of_line(pkg, lang)
    fig = new_figure(8.2, footer_lines=footer_line_count(footer) + 1)
    ax = fig.add_subplot()
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    data = network_data(graph, lang)
    if graph.number_of_nodes() == 0:
        empty_axes(ax, w.gettext("No two actors share an event"))
        alt = w.gettext("An empty network: no two actors take part in the same event.")
        found = title or w.gettext("No actors share an event")
        return finish(fig, found, alt, as_of, pkg.title, footer, data=data, lang=lang)
    pos = positions(graph, seed)
    _draw_graph(ax, graph, pos, colour)
    _draw_legend(ax, type_counts(graph, types), colour, lang)
    finish(
        fig, title or finding(graph, lang), describe(graph, types, lang), as_of, pkg.title, footer, data=data, lang=lang
    )
    freeze_layout(fig)
    placed, skipped = _draw_names(ax, graph, pos, label_top)
    set_meta(fig, labelled=[t.get_text() for t in placed], unlabelled=[s[2] for s in skipped])
    return fig
