"""Company sign-in's URLs, under allauth's (/accounts/oidc/<provider id>/...): allauth serves
the URLs of the package of the provider class it is given, with the names it reverses."""

from allauth.socialaccount import app_settings
from django.urls import include, path

from editorial.company_sign_in import views

PREFIX = (
    f"{app_settings.OPENID_CONNECT_URL_PREFIX}/" if app_settings.OPENID_CONNECT_URL_PREFIX else ""
)

urlpatterns = [
    path(
        f"{PREFIX}<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
