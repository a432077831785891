"""The README says what the program does; where it names the demo's people, it names them truly."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROLE_WORDS = {"administrator": "admin", "lab manager": "manager", "technician": "technician",
              "reviewer": "reviewer", "authorised signatory": "signatory"}


def test_the_demo_users_table_gives_each_account_every_role_it_holds() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = readme[readme.index("### Demo users"):]
    readme = readme[:readme.index("\n## ")]
    listed: dict[str, set[str]] = {}
    for users, roles in re.findall(r"^\| (`[^|]+`) \| ([^|]+) \|", readme, flags=re.MULTILINE):
        words = {w.strip() for w in re.split(r",|\band\b", roles.replace("*", ""))}
        for user in re.findall(r"`([^`]+)`", users):
            listed[user] = {ROLE_WORDS[w] for w in words if w}
    demo = json.loads((ROOT / "resources" / "demo" / "lab.json").read_text(encoding="utf-8"))
    assert listed == {u["username"]: set(u["roles"]) for u in demo["users"]}
