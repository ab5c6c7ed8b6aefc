"""Thin views that edit the tree of a draft set: add, change, delete and move nodes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from parindex.apps.frameworks import selectors, services
from parindex.apps.frameworks.forms import NodeForm
from parindex.apps.frameworks.models import CriteriaNode, CriteriaSet
from parindex.apps.frameworks.views import (
    SAVED,
    actor,
    draft_for_managing,
    put_errors,
    refuses_read_only,
)


def _draft_node(request: HttpRequest, node_uuid: uuid.UUID) -> CriteriaNode:
    node = selectors.node_for_managing(request.user, node_uuid)
    if node.criteria_set.is_published:
        raise services.SetReadOnly(node.criteria_set)
    return node


def _at_node(criteria_set: CriteriaSet, node: CriteriaNode | None) -> HttpResponse:
    response = redirect("frameworks:detail", set_uuid=criteria_set.uuid)
    if node is not None:
        response["Location"] += f"#tc-{node.uuid}"
    return response


def _add(
    request: HttpRequest, criteria_set: CriteriaSet, parent: CriteriaNode | None
) -> HttpResponse:
    form = NodeForm(request.POST or None, criteria_set=criteria_set)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.criteria_node_create(
                actor=actor(request), criteria_set=criteria_set, parent=parent, values=form.values()
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(SAVED))
            return _at_node(criteria_set, node)
    context = {"form": form, "criteria_set": criteria_set, "parent": parent, "node": None}
    return render(request, "frameworks/node_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def field_add(request: HttpRequest, set_uuid: uuid.UUID) -> HttpResponse:
    """A new field (lĩnh vực) at the top of the tree."""
    return _add(request, draft_for_managing(request, set_uuid), None)


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def node_add(request: HttpRequest, node_uuid: uuid.UUID) -> HttpResponse:
    """A new child at the end of the node's children."""
    parent = _draft_node(request, node_uuid)
    return _add(request, parent.criteria_set, parent)


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def node_edit(request: HttpRequest, node_uuid: uuid.UUID) -> HttpResponse:
    node = _draft_node(request, node_uuid)
    criteria_set = node.criteria_set
    form = NodeForm(
        request.POST or None, criteria_set=criteria_set, initial=NodeForm.initial_of(node)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_node_update(actor=actor(request), node=node, values=form.values())
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, str(SAVED))
            return _at_node(criteria_set, node)
    context = {
        "form": form,
        "criteria_set": criteria_set,
        "parent": node.parent,
        "node": node,
        "has_children": node.children.exists(),
    }
    return render(request, "frameworks/node_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuses_read_only
def node_delete(request: HttpRequest, node_uuid: uuid.UUID) -> HttpResponse:
    node = _draft_node(request, node_uuid)
    criteria_set = node.criteria_set
    error = None
    if request.method == "POST":
        try:
            services.criteria_node_delete(actor=actor(request), node=node)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, str(SAVED))
            return _at_node(criteria_set, node.parent)
    context = {
        "node": node,
        "criteria_set": criteria_set,
        "error": error,
        "subtree": selectors.subtree_rows(node),
    }
    return render(request, "frameworks/node_delete.html", context)


@login_required
@require_POST
@refuses_read_only
def node_move(request: HttpRequest, node_uuid: uuid.UUID, up: bool) -> HttpResponse:
    """Swaps the node with its previous (``up``) or next sibling."""
    node = _draft_node(request, node_uuid)
    services.criteria_node_move(actor=actor(request), node=node, up=up)
    return _at_node(node.criteria_set, node)
