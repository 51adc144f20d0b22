from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "creativeports.api"
    label = "api"
