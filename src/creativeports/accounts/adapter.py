from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from creativeports.common.env import env_bool


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return env_bool("CREATIVEPORTS_SIGNUP_OPEN", default=True)
