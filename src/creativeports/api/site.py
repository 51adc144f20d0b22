"""The API at /api/v1/: one NinjaAPI assembled from the domain apps' routers."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema

from creativeports.api import errors
from creativeports.api.auth import required_auth
from creativeports.directory.api import router as directory_router
from creativeports.directory.permissions import user_roles
from creativeports.matching.api import router as matching_router
from creativeports.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="Creative Ports API",
    version="1",
    description=(
        "Organisations, reference data and (later) matching, events and policy of the Creative Ports "
        "network. Read without credentials for public data; send `Authorization: Bearer <token>` "
        "(create one under My account → API tokens) to write or to read what your organisation shares."
    ),
    urls_namespace="api",
)
errors.install(api)
api.add_router("", taxonomy_router)
api.add_router("", directory_router)
api.add_router("", matching_router)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under /api/v1/ answer in the API's error shape, not with an HTML page."""
    return JsonResponse(errors.error_body(str(_("Not found."))), status=404)


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    roles: list[str]


@api.get("/me", response={200: MeOut, 401: errors.ErrorOut}, auth=required_auth, tags=["accounts"])
def me(request: HttpRequest) -> Any:
    user: Any = request.user
    return {"id": user.pk, "email": user.email, "full_name": user.full_name, "roles": user_roles(user)}
