"""Page-number pagination with the shape {"count": total, "items": [...]}."""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class PageNumberPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(settings.CREATIVEPORTS_API_PAGE_SIZE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)

    class Output(Schema):
        count: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset: Any, pagination: Input, **params: Any) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        return {"count": queryset.count(), "items": list(queryset[offset : offset + pagination.page_size])}
