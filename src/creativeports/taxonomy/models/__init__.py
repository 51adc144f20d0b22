from creativeports.taxonomy.models.taxonomy import (
    CciDomain,
    Country,
    Language,
    NaceCode,
    Network,
    NetworkMembership,
    OrganisationType,
    Sdg,
)

__all__ = [
    "CciDomain",
    "Country",
    "Language",
    "NaceCode",
    "Network",
    "NetworkMembership",
    "OrganisationType",
    "Sdg",
]
