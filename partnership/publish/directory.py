"""The directory of actors: names in English, Italian and Chinese, what they are, where they appear.

Pure row dicts for templates/directory.html.j2, by English name.
"""

from __future__ import annotations

from collections import defaultdict

from partnership.data.load import EvidencePackage
from partnership.publish.entries import actor_anchor
from partnership.publish.lang import chinese_tag
from partnership.publish.records import citing_sources


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def directory(pkg: EvidencePackage) -> list[dict]:
    """One entry per actor: names, type, country, parent, description, events (with roles), sources."""
    actors = pkg["actors"]
    names = dict(zip(actors["actor_id"], actors["name_en"].astype(str)))
    events: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    order = {eid: i for i, eid in enumerate(pkg["events"].sort_values(["date_start", "event_id"])["event_id"])}
    for eid, aid, role in zip(
        pkg["event_actors"]["event_id"], pkg["event_actors"]["actor_id"], pkg["event_actors"]["role"].astype(str)
    ):
        events[aid][eid].append(role)
    cited = citing_sources(pkg, "actors")
    rows = []
    for a in actors.itertuples():
        parent = _text(a.parent_id)
        name_zh = _text(a.name_zh)
        rows.append(
            {
                "id": a.actor_id,
                "anchor": actor_anchor(a.actor_id),
                "name_en": str(a.name_en),
                "name_it": _text(a.name_it) if _text(a.name_it) != str(a.name_en) else "",
                "name_zh": name_zh,
                "zh_lang": chinese_tag(name_zh),
                "aliases": _text(a.aliases),
                "type_code": str(a.type),
                "country": _text(a.country),
                "parent": {"name": names[parent], "anchor": actor_anchor(parent)} if parent in names else None,
                "description": str(a.description),
                "events": [
                    {"id": eid, "roles": sorted(set(roles))}
                    for eid, roles in sorted(events[a.actor_id].items(), key=lambda kv: order[kv[0]])
                ],
                "supports": cited.get(a.actor_id, {}).get("supports", ()),
            }
        )
    return sorted(rows, key=lambda r: (r["name_en"].casefold(), r["id"]))
