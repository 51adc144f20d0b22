from creativeports.accounts.models.api_token import ApiToken
from creativeports.accounts.models.user import User

__all__ = ["ApiToken", "User"]
