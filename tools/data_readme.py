"""Writes data/README.md, the column dictionary, from datapackage.json (so the two never drift).

Usage: python tools/data_readme.py [--check]   (--check exits 1 if data/README.md is stale)
"""

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def render(descriptor: dict) -> str:
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        f"Version {descriptor['version']}, last updated {descriptor['last_updated']}. "
        f"Licence: {descriptor['licenses'][0]['name']} (see LICENSE.md).",
        "",
        "This file is generated from `datapackage.json` by `tools/data_readme.py`; edit the schema, "
        'not this file. Empty cells mean "not known" or "not stated". Dates are ISO 8601.',
        "",
    ]
    for res in descriptor["resources"]:
        schema = res["schema"]
        pk = ", ".join(schema["primaryKey"]) if isinstance(schema["primaryKey"], list) else schema["primaryKey"]
        lines += [f"## `{res['path']}`", "", res["description"], "", f"Primary key: {pk}.", ""]
        for fk in schema.get("foreignKeys", []):
            lines.append(
                f"- `{', '.join(fk['fields'])}` refers to `{fk['reference']['resource']}.{', '.join(fk['reference']['fields'])}`"
            )
        if schema.get("foreignKeys"):
            lines.append("")
        lines += ["| column | type | required | allowed values | meaning |", "|---|---|---|---|---|"]
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            allowed = (
                ", ".join(f"`{v}`" for v in c["enum"])
                if "enum" in c
                else (f"pattern `{c['pattern']}`" if "pattern" in c else "")
            )
            if "minimum" in c:
                allowed = f">= {c['minimum']}"
            req = "yes" if c.get("required") else ""
            lines.append(
                f"| `{f['name']}` | {f['type']} | {req} | {allowed.replace('|', '&#124;')} | {f['description'].replace('|', '&#124;')} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    text = render(json.loads((DATA / "datapackage.json").read_text(encoding="utf-8")))
    target = DATA / "README.md"
    if "--check" in sys.argv:
        sys.exit(0 if target.read_text(encoding="utf-8") == text else 1)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
