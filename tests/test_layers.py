"""Layers that only point down (issue 8 §3).

Every import of one of the project's apps from another is checked against this table, read from
the source files with :mod:`ast` (module-level and function-level imports alike; migrations are
left out, they are generated). From the bottom up:

============== ==================================================================================
app            may import
============== ==================================================================================
core           nothing of ours: tenancy (``core.tenancy``), errors, crypto, files, PDF, retries
outbox         core
institutions   core (the tenant: its models, calendar, procedure registry, selectors)
audit          core, outbox, institutions
accounts       core, outbox, institutions, audit
institutions:  core, outbox, institutions, audit, accounts (the tenant's *administration*:
 services ...  its audited settings and deadline services, reminders, the demo, its staff
               pages; see :data:`ADMINISTRATION`; nothing below it imports them)
web            core, institutions, accounts, audit (the admin and REST API base classes)
governance     core, outbox, institutions, audit, accounts
letters        core, outbox, institutions, audit, accounts (the letters of every app)
training       core, outbox, institutions, audit, accounts, letters (modules, the roster,
               completions; it answers "is this person trained" for the apps above it)
precautionary  core, outbox, institutions, audit, accounts, governance, letters, training
               (declared relationships are conflicts of interest; its decisions are told by
               letter; a place on the group needs current training)
cases          core, outbox, institutions, audit, accounts, governance, letters, training,
               precautionary (Midshire refers every new case to its group; §38 the measures
               on a case; no completion with a measure in force)
safecontacts   core, outbox, institutions, audit, accounts, governance, letters, training,
               precautionary (induction and specialist training come from the training
               records; a Safe Contact's referral asks the Harassment Management Group for a
               risk assessment through precautionary's request)
reporting      core, outbox, institutions, audit, accounts, governance, precautionary, cases,
               letters, training (escalating a report opens a case; a report may ask for a risk
               assessment; messages to reporters pass the letters' silence check)
subjectaccess  every app below insights (it reads what they hold about a person for a subject
               access request, and redacts case documents for the Board's bundle)
retention      every app above except insights (it seals, holds and deletes their records; it
               leaves tombstones that insights counts)
insights       every app below it (it counts what they hold; nothing imports it)
sso            core, outbox, institutions, audit, accounts (staff single sign-on: an identity
               is matched to a membership; its backends sit in AUTHENTICATION_BACKENDS)
twofactor      core, outbox, institutions, audit, accounts (the second factor of staff sign-in,
               enforced by its middleware on staff pages, the admin and the session API)
config         anything (settings and URLs sit on top)
============== ==================================================================================

``web`` may be imported only by an app's entry modules (``admin``, ``api``, ``api_*``,
``api/...``, ``serializers``, ``serializers/...``): the admin and the API sit above every app's
domain code, and nothing below them needs them.

Known exceptions, each with its reason, are listed in :data:`KNOWN_EXCEPTIONS` per source file.
The list is exact: an exception no longer used fails too, so that it is removed.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "outbox": {"core"},
    "institutions": {"core"},
    "audit": {"core", "outbox", "institutions"},
    "accounts": {"core", "outbox", "institutions", "audit"},
    "web": {"core", "institutions", "accounts", "audit"},
    "governance": {"core", "outbox", "institutions", "audit", "accounts"},
    "letters": {"core", "outbox", "institutions", "audit", "accounts"},
    "training": {"core", "outbox", "institutions", "audit", "accounts", "letters"},
    "precautionary": {"core", "outbox", "institutions", "audit", "accounts", "governance",
                      "letters", "training"},
    "cases": {"core", "outbox", "institutions", "audit", "accounts", "governance", "letters",
              "precautionary", "training"},
    "safecontacts": {"core", "outbox", "institutions", "audit", "accounts", "governance",
                     "letters", "training", "precautionary"},
    "reporting": {"core", "outbox", "institutions", "audit", "accounts", "governance",
                  "precautionary", "cases", "letters", "training"},
    "subjectaccess": {"core", "outbox", "institutions", "audit", "accounts", "governance",
                      "letters", "training", "precautionary", "cases", "safecontacts",
                      "reporting"},
    "sso": {"core", "outbox", "institutions", "audit", "accounts"},
    "twofactor": {"core", "outbox", "institutions", "audit", "accounts"},
    "retention": {"core", "outbox", "institutions", "audit", "accounts", "governance",
                  "letters", "training", "precautionary", "cases", "safecontacts", "reporting"},
    "insights": {"core", "outbox", "institutions", "audit", "accounts", "governance",
                 "letters", "training", "precautionary", "cases", "safecontacts", "reporting",
                 "retention"},
}
TOP = {"config", "bench"}  # may import anything of ours (bench: the benchmarks, issue 9)

#: The modules of ``institutions`` that administer the tenant rather than define it: they sit
#: above accounts and audit (only an admin changes settings, every change is audited, reminders
#: are mailed to members), and nothing below them imports them.
ADMINISTRATION = ("institutions/services/", "institutions/demo.py", "institutions/views.py",
                  "institutions/tasks.py")
ADMINISTRATION_MAY_IMPORT = {"core", "outbox", "audit", "accounts"}
BELOW_ADMINISTRATION = {"core", "outbox", "audit", "accounts"}
OURS = set(ALLOWED) | TOP

#: (source file, app it imports) -> why the import points up.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

ENTRY_MODULES = {"admin", "api", "serializers"}


def _is_entry_module(relative: Path) -> bool:
    first = relative.parts[1] if len(relative.parts) > 2 else relative.stem
    return first in ENTRY_MODULES or first.startswith("api_")


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return {name.split(".")[0] for name in names} & OURS


def _imports() -> dict[str, dict[str, set[str]]]:
    """app -> source file -> apps of ours it imports (its own app left out)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for app in OURS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            found[app][relative.as_posix()] = _imported_apps(path) - {app}
    return found


def test_every_app_is_in_the_table():
    apps_on_disk = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"web"}
    assert apps_on_disk <= OURS, f"add {sorted(apps_on_disk - OURS)} to the layer table"


def test_core_imports_nothing_of_ours():
    offending = {f: apps for f, apps in _imports()["core"].items() if apps}
    assert offending == {}


def test_imports_point_down():
    wrong, used_exceptions = [], set()
    for app, files in _imports().items():
        if app in TOP:
            continue
        for source, imported in files.items():
            for target in sorted(imported):
                if target == "web":
                    if app != "web" and not _is_entry_module(Path(source)):
                        wrong.append(f"{source} -> web (only admin/api/serializers modules)")
                    continue
                if target in ALLOWED[app]:
                    continue
                if source.startswith(ADMINISTRATION) and target in ADMINISTRATION_MAY_IMPORT:
                    continue
                if (source, target) in KNOWN_EXCEPTIONS:
                    used_exceptions.add((source, target))
                    continue
                wrong.append(f"{source} -> {target}")
    assert wrong == [], "imports pointing up:\n" + "\n".join(wrong)
    stale = set(KNOWN_EXCEPTIONS) - used_exceptions
    assert stale == set(), f"known exceptions no longer needed, remove them: {sorted(stale)}"


def test_the_layers_have_no_cycle():
    """The table itself points down only: no app allows one that allows it back."""
    for app, below in ALLOWED.items():
        for other in below:
            assert app not in ALLOWED[other], f"{app} <-> {other}"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_nothing_below_the_administration_of_institutions_imports_it():
    administration = tuple(m.removesuffix(".py").replace("/", ".").rstrip(".")
                           for m in ADMINISTRATION)
    wrong = []
    for app in BELOW_ADMINISTRATION:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            wrong += [f"{path.relative_to(ROOT)} -> {name}"
                      for name in _imported_modules(path) if name.startswith(administration)]
    assert wrong == []
