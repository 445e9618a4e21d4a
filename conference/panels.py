"""Slots where other apps add a block to a conference page without conference importing them.

An app registers in its ``AppConfig.ready()``::

    panels.register("home", template="themes/panels/home_round.html", order=20)(open_round_context)

and the page renders ``{% render_panels "home" edition %}``. The context function gets the
request and the page's object and returns a dict, or ``None`` to leave the panel out.

A panel registered with ``shared=True`` shows the same to every visitor (its context and template do
not look at who is asking): it is rendered once per content version and language and then taken from
the page cache (``conference.page_cache.shared_fragment``), for signed-in visitors too.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ContextFunction = Callable[[Any, Any], dict | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: ContextFunction
    order: int
    shared: bool = False


_registry: dict[str, list[Panel]] = defaultdict(list)


def register(
    slot: str, *, template: str, order: int = 50, shared: bool = False
) -> Callable[[ContextFunction], ContextFunction]:
    def decorator(func: ContextFunction) -> ContextFunction:
        panels = [p for p in _registry[slot] if p.template != template]
        panels.append(Panel(slot=slot, template=template, context=func, order=order, shared=shared))
        _registry[slot] = sorted(panels, key=lambda p: p.order)
        return func

    return decorator


def for_slot(slot: str) -> list[Panel]:
    return list(_registry.get(slot, ()))
