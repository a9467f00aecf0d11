"""Every URL pattern of the project, as concrete paths: for tests that must reach all of them.

``routes()`` walks the URL resolver (the site, the authors' pages, the accounts pages and every
admin page, including the views model admins add and simple-history's). ``paths(route, values)``
fills a route's parameters with the values a test supplies for each parameter name (and, in the
admin, for each model), and checks that each path resolves back to the same view, so a walk can
never quietly skip a pattern or test a different one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import ResolverMatch, URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

from editorial.languages import path_language


@dataclass(frozen=True)
class Route:
    parts: tuple[str, ...]  # each level's route or regex, outermost first
    name: str  # the namespaced name, or the pattern itself when unnamed
    callback: Callable
    model: str  # "app_label.model_name" for a model admin's pages, else ""

    @property
    def parameters(self) -> list[str]:
        """Its parameters' names; an unnamed group of a regex is ``positional<n>``."""
        names: list[str] = []
        for part in self.parts:
            if _is_regex(part):
                for match in re.finditer(r"(?<!\\)\((\?P<(\w+)>|(?!\?))", part):
                    names.append(match.group(2) or f"positional{len(names)}")
            else:
                names += re.findall(r"<(?:\w+:)?(\w+)>", part)
        return names

    def __str__(self) -> str:
        return "/" + "".join(self.parts) + f" ({self.name})"


def _is_regex(part: str) -> bool:
    return part.startswith("^") or "(?P<" in part or part.endswith("$")


def _pattern_text(pattern) -> str:
    return str(pattern.pattern)


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: Iterable, parts: tuple[str, ...], namespace: str) -> None:
        for entry in patterns:
            text = _pattern_text(entry)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                walk(entry.url_patterns, (*parts, text), inner.strip(":"))
            elif isinstance(entry, URLPattern):
                full = (*parts, text)
                name = f"{namespace}:{entry.name}".strip(":") if entry.name else "/".join(full)
                found.append(Route(full, name, entry.callback, _admin_model(full)))

    walk(get_resolver().url_patterns, (), "")
    return found


def _admin_model(parts: tuple[str, ...]) -> str:
    if len(parts) >= 3 and parts[0] == "admin/":
        match = re.fullmatch(r"(\w+)/(\w+)/", parts[1])
        if match:
            return f"{match.group(1)}.{match.group(2)}"
    return ""


def _group_end(text: str, start: int) -> int:
    depth, position = 0, start
    while position < len(text):
        if text[position] == "\\":
            position += 2
            continue
        if text[position] == "(":
            depth += 1
        elif text[position] == ")":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    raise ValueError(f"unbalanced group in {text!r}")


def _fill(part: str, values: list[str]) -> str:
    """One level's route or regex with its parameters replaced by ``values``, in order."""
    queue = iter(values)
    if not _is_regex(part):
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: next(queue), part)
    text = part.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    result, position = [], 0
    while position < len(text):
        if text[position] == "(" and (
            text.startswith("(?P<", position) or not text.startswith("(?", position)
        ):
            result.append(next(queue))
            position = _group_end(text, position) + 1
        elif text[position] == "\\":
            result.append(text[position + 1])
            position += 2
        else:
            result.append(text[position])
            position += 1
    return "".join(result)


Values = Callable[[Route, str], list[str]]


def resolve_path(path: str) -> ResolverMatch:
    """``path`` resolved in its own language (its prefix's, as LocaleMiddleware and the page
    cache read it), whichever language the walk's last request left active: a request to an
    /es/ path (the sitemap's old address) activates Spanish, under which the default
    language's paths resolve no more."""
    with translation.override(path_language(path)):
        return resolve(path)


def paths(route: Route, values: Values, limit: int = 50) -> list[str]:
    """Concrete paths for ``route``: every combination of the values given for its parameters
    (at most ``limit``), each checked to resolve to the route's own view."""
    names = route.parameters
    choices = [values(route, name) for name in names]
    result = []
    for combination in itertools.islice(itertools.product(*choices), limit):
        queue = list(combination)
        filled = []
        for part in route.parts:
            count = len(Route((part,), "", None, "").parameters)
            filled.append(_fill(part, queue[:count]))
            queue = queue[count:]
        path = "/" + "".join(filled)
        assert resolve_path(path).func == route.callback, f"{path} resolves elsewhere than {route}"
        result.append(path)
    return result


def model_objects(label: str) -> list[str]:
    """Primary keys of the objects of the admin model ``label`` ("app_label.model_name")."""
    from django.apps import apps

    model = apps.get_model(label)
    return [str(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)]


def history_ids(label: str, object_id: str) -> list[str]:
    """simple-history's version ids of one object (none when the model keeps no history)."""
    from django.apps import apps

    model = apps.get_model(label)
    history = getattr(model, "history", None)
    if history is None:
        return []
    ids = history.filter(**{model._meta.pk.attname: object_id}).values_list("history_id", flat=True)
    return [str(pk) for pk in ids.order_by("history_id")]
