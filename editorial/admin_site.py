"""Django's admin without a login page of its own: /admin/login/ leads to the site's sign-in
(django-allauth's, editorial.accounts) and back, and /admin/password_change/ to the site's
password change, so no way into the admin skips a step of the sign-in (a second factor).

``INSTALLED_APPS`` names ``EditorialAdminConfig`` in place of ``django.contrib.admin``: the
admin's default site (``admin.site``, where every ``ModelAdmin`` registers) is ``AdminSite``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class AdminSite(admin.AdminSite):
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        """The site's sign-in, coming back to the admin page asked for (or the admin's
        index). Whatever is posted here signs nobody in."""
        target = request.GET.get("next") or request.POST.get("next")
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")

    def password_change(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("account_change_password"))


class EditorialAdminConfig(AdminConfig):
    default_site = "editorial.admin_site.AdminSite"
