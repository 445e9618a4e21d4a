"""Publish and take back: every toggle names its target state, and taking back asks first.

A publish endpoint reads ``publish=1`` (make public) or ``publish=0`` (take back); anything else,
or nothing, is a 400 and nothing changes, so a bare or garbled POST never takes content offline.
Taking published content back shows a confirmation page that says what disappears from public
view; only its form, which carries ``confirm=1``, does it.
"""

from django.core.exceptions import BadRequest
from django.shortcuts import render

CONFIRM_TEMPLATE = "conference/manage/confirm_take_back.html"


def publish_target(request) -> bool:
    """``True`` for ``publish=1``, ``False`` for ``publish=0``; a 400 (``BadRequest``) for anything else."""
    value = request.POST.get("publish")
    if value == "1":
        return True
    if value == "0":
        return False
    raise BadRequest("A publish toggle needs publish=1 or publish=0.")


def publish_only(request) -> None:
    """For endpoints that can only publish (there is no way back): ``publish=1`` or a 400."""
    if not publish_target(request):
        raise BadRequest("This endpoint only publishes: send publish=1.")


def take_back_confirmed(request) -> bool:
    return request.POST.get("confirm") == "1"


def confirm_take_back(request, *, title: str, disappears: list[str], cancel_url: str, fields=None, context=None):
    """The page that asks before published content goes offline.

    ``disappears`` lists, in plain Dutch, what the public will no longer see; the form posts back to
    the same address with ``publish=0``, ``confirm=1`` and ``fields`` (e.g. which table).
    """
    hidden = {**(fields or {}), "publish": "0", "confirm": "1"}
    page = {
        "title": title,
        "disappears": disappears,
        "action": request.path,
        "hidden": hidden,
        "cancel_url": cancel_url,
        **(context or {}),
    }
    return render(request, CONFIRM_TEMPLATE, page)
