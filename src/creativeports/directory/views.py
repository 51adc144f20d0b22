"""Pages of the directory: thin views over selectors, forms and services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from creativeports.common.forms import form_add_service_errors
from creativeports.common.page_cache import cache_public_page
from creativeports.directory import permissions, selectors
from creativeports.directory.enums import SizeBand
from creativeports.directory.forms import (
    InvitationForm,
    LogoForm,
    MergeForm,
    OrganisationCreateForm,
    OrganisationForm,
)
from creativeports.directory.listing.changes import directory_version
from creativeports.directory.models import Membership
from creativeports.directory.services.membership import (
    invitation_accept,
    invitation_create,
    invitation_get_by_token,
    invitation_revoke,
    membership_remove,
    membership_set_role,
)
from creativeports.directory.services.organisation import (
    organisation_create,
    organisation_delete,
    organisation_logo_set,
    organisation_merge,
    organisation_update,
    organisation_verify,
)
from creativeports.taxonomy.models import CciDomain, Language, OrganisationType, Sdg
from creativeports.taxonomy.selectors import network_countries, network_countries_and

PAGE_SIZE = 24


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in person's start page: their organisations and roles."""
    return render(
        request,
        "directory/dashboard.html",
        {
            "memberships": selectors.memberships_of(user=request.user),
            "roles": permissions.user_roles(request.user),
            "can_import": permissions.can_import(request.user),
        },
    )


# Sort orders of the directory; the default is relevance when searching, otherwise the name.
SORTS = ("relevance", "name", "newest")


def _directory_state(request: HttpRequest) -> dict[str, Any]:
    """The directory's filter state from the URL (the whole state lives there), cleaned."""
    filters = selectors.directory_filters_from_query(request.GET)
    sort = request.GET.get("sort", "")
    state = {name: list(getattr(filters, name)) for name in selectors.DIRECTORY_MULTI_FILTERS}
    state["sdg"] = [str(n) for n in filters.sdg]
    return {
        **state,
        "q": filters.q,
        "verified": bool(filters.verified),
        "sort": sort if sort in SORTS else "",
        "filters": filters,
    }


def _querystring(state: dict[str, Any]) -> str:
    """The state as a URL query, in a fixed order and without empty values (pagination links)."""
    pairs: list[tuple[str, str]] = []
    if state["q"]:
        pairs.append(("q", state["q"]))
    for name in selectors.DIRECTORY_MULTI_FILTERS:
        pairs.extend((name, value) for value in state[name])
    if state["verified"]:
        pairs.append(("verified", "1"))
    if state["sort"]:
        pairs.append(("sort", state["sort"]))
    return urlencode(pairs)


def _facet_options(
    name: str, choices: Iterable[tuple[Any, str]], counts: dict[Any, int], selected: list[str], *, all_choices: bool
) -> list[dict[str, Any]]:
    """Options of one facet: each choice with its count; zero-count choices only when `all_choices` or selected."""
    options = []
    for value, label in choices:
        key = str(value)
        count = counts.get(value, 0)
        checked = key in selected
        if count or checked or all_choices:
            options.append({"value": key, "label": label, "count": count, "checked": checked, "id": f"f-{name}-{key}"})
    return options


def _facets(state: dict[str, Any], counts: dict[str, dict[Any, int]]) -> list[dict[str, Any]]:
    countries = network_countries_and(counts["country"])
    language_codes = set(counts["language"]) | set(state["language"])
    languages = Language.objects.filter(code__in=language_codes) if language_codes else []
    regions = sorted(set(counts["region"]) | set(state["region"]), key=lambda r: (-counts["region"].get(r, 0), r))
    facets = [
        ("country", _("Country"), [(c.code, c.label) for c in countries], True),
        ("region", _("Region"), [(r, r) for r in regions], False),
        ("domain", _("CCI domain"), [(d.code, d.label) for d in CciDomain.objects.all()], True),
        ("type", _("Type of organisation"), [(t.code, t.label) for t in OrganisationType.objects.all()], True),
        ("size", _("Size"), list(SizeBand.choices), True),
        (
            "language",
            _("Working language"),
            sorted(((la.code, la.label) for la in languages), key=lambda c: c[1]),
            False,
        ),
        ("sdg", _("Sustainable Development Goal"), [(g.number, str(g)) for g in Sdg.objects.all()], True),
    ]
    result = [
        {
            "name": name,
            "legend": legend,
            "options": _facet_options(name, choices, counts[name], state[name], all_choices=every),
        }
        for name, legend, choices, every in facets
    ]
    result.append(
        {
            "name": "verified",
            "legend": _("Verification"),
            "options": [
                {
                    "value": "1",
                    "label": _("Verified only"),
                    "count": counts["verified"].get(True, 0),
                    "checked": state["verified"],
                    "id": "f-verified-1",
                }
            ],
        }
    )
    return result


@cache_public_page("directory.list", directory_version)
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The directory: search, faceted filters with counts, sorting and pagination, all state in the URL."""
    state = _directory_state(request)
    sort = state["sort"] or ("relevance" if state["q"] else "name")
    result, counts = selectors.organisation_listing(
        user=request.user, filters=state["filters"], sort=sort, with_counts=True
    )
    page = Paginator(result.ids, PAGE_SIZE).get_page(request.GET.get("page"))
    # The paginator slices ids; only the page's rows come from the database.
    page.object_list = selectors.organisations_by_ids(user=request.user, ids=page.object_list)
    context = {
        "page": page,
        "state": state,
        "q": state["q"],
        "sort": state["sort"],
        "sorts": [("", _("Best match")), ("name", pgettext("sort order", "Name")), ("newest", _("Newest"))],
        "querystring": _querystring(state),
        "facets": _facets(state, counts),
        "countries": network_countries(),
    }
    htmx = request.htmx  # type: ignore[attr-defined]
    # A history restore (back button with htmx's cache empty) needs the whole page, not the partial.
    partial = bool(htmx) and not htmx.history_restore_request
    template = "directory/partials/results.html" if partial else "directory/organisation_list.html"
    response = render(request, template, {**context, "oob": partial})
    # The same address answers with a page or a partial: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@cache_public_page("directory.detail", directory_version)
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_get_visible(user=request.user, slug=slug)
    except Http404:
        # The old address of a merged (hidden) profile leads to the one it was merged into, if visible.
        target_id = selectors.organisation_merge_target_id(slug=slug)
        if target_id is None:
            raise
        return redirect(selectors.organisation_get_visible(user=request.user, pk=target_id))
    if organisation.merged_into_id and not permissions.can_moderate(request.user):
        return redirect(organisation.merged_into)  # type: ignore[arg-type]
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "contact": selectors.organisation_contact_visible(user=request.user, organisation=organisation),
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
            "can_moderate": permissions.can_moderate(request.user),
            "is_own": organisation.pk in permissions.organisation_ids_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(
                actor=request.user,
                fields=form.service_fields(),
                consent=form.cleaned_data["consent"],
                logo=form.cleaned_data.get("logo_file"),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation was created. You are its admin."))
            return redirect(organisation)
    return render(request, "directory/organisation_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_editable(user=request.user, slug=slug)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(
                actor=request.user,
                organisation=organisation,
                fields=form.service_fields(),
                logo=form.cleaned_data.get("logo_file"),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(organisation)
    return render(request, "directory/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_logo(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_editable(user=request.user, slug=slug)
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "remove" in request.POST:
            organisation_logo_set(actor=request.user, organisation=organisation, upload=None)
            messages.success(request, _("The logo was removed."))
            return redirect(organisation)
        if form.is_valid():
            try:
                organisation_logo_set(actor=request.user, organisation=organisation, upload=form.cleaned_data["logo"])
            except ValidationError as exc:
                form.add_error("logo", exc.messages)
            else:
                messages.success(request, _("The logo was saved."))
                return redirect(organisation)
    return render(request, "directory/organisation_logo.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_editable(user=request.user, slug=slug)
    if request.method == "POST":
        name = organisation.name
        organisation_delete(actor=request.user, organisation=organisation)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect("dashboard")
    return render(request, "directory/organisation_delete.html", {"organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_visible(user=request.user, slug=slug)
    if organisation.pk not in permissions.organisation_ids_of(request.user) and not permissions.can_moderate(
        request.user
    ):
        raise Http404
    can_manage = permissions.can_manage_people(request.user, organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation_create(
                    actor=request.user,
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("directory:organisation.people", slug=organisation.slug)
    return render(
        request,
        "directory/organisation_people.html",
        {
            "organisation": organisation,
            "memberships": selectors.organisation_memberships(organisation=organisation),
            "invitations": selectors.organisation_invitations_open(organisation=organisation) if can_manage else [],
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def membership_change(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = selectors.organisation_get_visible(user=request.user, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    is_self = membership.user_id == request.user.pk
    if not (
        permissions.can_manage_people(request.user, organisation)
        or (is_self and request.POST.get("action") == "remove")
    ):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "remove":
            membership_remove(actor=request.user, membership=membership)
            messages.success(request, _("Removed from the organisation."))
            if is_self:
                return redirect("dashboard")
        else:
            membership_set_role(actor=request.user, membership=membership, role=request.POST.get("role", ""))
            messages.success(request, _("Role changed."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("directory:organisation.people", slug=organisation.slug)


@login_required
@require_POST
def invitation_revoke_view(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get_editable(user=request.user, slug=slug)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_id)
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("directory:organisation.people", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_get_by_token(token=token)
    if not request.user.is_authenticated:
        return render(request, "directory/invitation_accept.html", {"invitation": invitation, "token": token})
    error = None
    if request.method == "POST":
        try:
            membership = invitation_accept(user=request.user, token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("You joined %(organisation)s.") % {"organisation": membership.organisation.name}
            )
            return redirect(membership.organisation)
    return render(
        request, "directory/invitation_accept.html", {"invitation": invitation, "token": token, "error": error}
    )


@login_required
@require_POST
def organisation_verify_view(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    organisation = selectors.organisation_get_visible(user=request.user, slug=slug)
    verified = request.POST.get("verified", "1") == "1"
    organisation_verify(actor=request.user, organisation=organisation, verified=verified)
    messages.success(request, _("Verified.") if verified else _("Verification removed."))
    return redirect(organisation)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_merge_view(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    source = selectors.organisation_get_visible(user=request.user, slug=slug)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = organisation_merge(actor=request.user, source=source, target=form.cleaned_data["target"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Merged into %(name)s.") % {"name": target.name})
            return redirect(target)
    return render(request, "directory/organisation_merge.html", {"organisation": source, "form": form})


@login_required
def organisation_audit(request: HttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    organisation = selectors.organisation_get_visible(user=request.user, slug=slug)
    entries = Paginator(selectors.organisation_audit_log(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "directory/organisation_audit.html", {"organisation": organisation, "page": entries})


@cache_public_page("home", directory_version)
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the platform is, figures, and the newest profiles."""
    newest, _counts = selectors.organisation_listing(
        user=request.user, filters=selectors.directory_filters(), sort="newest"
    )
    return render(
        request,
        "home.html",
        {
            "organisation_count": newest.count,
            "country_count": newest.distinct_count("country"),
            "newest": selectors.organisations_by_ids(user=request.user, ids=newest.ids[:6]),
        },
    )
