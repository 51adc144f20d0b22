from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "creativeports.common"
    label = "common"
