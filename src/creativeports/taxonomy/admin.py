from django.contrib import admin

from creativeports.accounts.admin_site import ReadOnlyAdmin
from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, Network, OrganisationType, Sdg


@admin.register(Country, Language, Sdg, OrganisationType, NaceCode, Network, CciDomain)
class TaxonomyAdmin(ReadOnlyAdmin):
    """Reference data is changed in taxonomy/data/*.json and loaded with `load_reference_data`."""

    search_fields = ["pk", "names"]
