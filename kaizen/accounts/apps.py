from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kaizen.accounts"
    label = "accounts"
