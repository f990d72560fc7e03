"""Every route of the URL resolver, and the check that ``policy`` decides each one's isolation
(issue 15 item 2). Shared by the fast classification tests and the slow matrix."""

from __future__ import annotations

import re

from django.urls import URLResolver, get_resolver

from accounts.permissions import names_an_object

from . import policy

#: A URL argument in a route's pattern: ``<int:case_id>`` -> ("int", "case_id").
ARG = re.compile(r"<(?:(\w+):)?(\w+)>")
STAFF = (policy.STAFF_PAGE, policy.STAFF_API)


def args(path: str) -> list[str]:
    return [name for _converter, name in ARG.findall(path)]


def routes(patterns=None, prefix="", ns=""):
    """(full pattern, name, view) of every route of the current ROOT_URLCONF, through every
    include."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from routes(p.url_patterns, prefix + str(p.pattern), inner)
        else:
            yield prefix + str(p.pattern), (ns + p.name) if p.name else None, p.callback


def routes_of(*classes: str):
    """(path, name) of every route in ``classes``."""
    for path, name, _view in routes():
        if policy.classify(name, path) in classes:
            yield path, name


def object_args(path: str, name: str | None) -> list[str]:
    """The route's arguments that name an object (policy.KWARG_MODELS / KWARG_OVERRIDES)."""
    return [arg for arg in args(path) if policy.model_for(name, arg) is not None]


def classification_problems() -> list[str]:
    """Every route the policy does not decide: no isolation class, a staff route outside its
    prefix, a staff argument that names no model, or an object argument the role gate would
    not recognise as one (``accounts.permissions.names_an_object``: it answers 404 instead of
    403 only on a URL that names an object)."""
    problems = []
    for path, name, _view in routes():
        klass = policy.classify(name, path)
        label = name or "(unnamed)"
        if klass is None:
            problems.append(f"{label} {path}: no isolation class in policy.CLASSES")
            continue
        prefix = policy.PREFIXES.get(klass)
        if prefix and not path.startswith(prefix):
            problems.append(f"{label} {path}: a {klass} route outside {prefix}")
        if klass not in STAFF:
            continue
        for arg in args(path):
            if policy.model_for(name, arg) is None and arg not in policy.KWARG_VALUES:
                problems.append(f"{label} {path}: argument {arg} names no model in policy")
            elif policy.model_for(name, arg) is not None and not names_an_object({arg: 1}):
                problems.append(f"{label} {path}: argument {arg} names an object but the role "
                                "gate does not see it as one (name it <int:..._id>)")
            elif arg in policy.KWARG_VALUES and names_an_object({arg: 1}):
                problems.append(f"{label} {path}: argument {arg} names no object but the "
                                "role gate takes it for one")
    return problems
