"""The accounts pages under /accounts/: django-allauth's (sign-in, sign-out, password reset and
change, second factors), with the site's templates (templates/account/, templates/mfa/), and
"sign out of every other session" (editorial/sessions.py). Password reset requests are
throttled (editorial/throttling.py, through ``ACCOUNT_FORMS``). The old addresses of Django's
own pages lead to allauth's.
"""

from django.urls import include, path
from django.views.generic import RedirectView

from editorial.sessions import sessions_page, sign_out_others

urlpatterns = [
    path("", include("allauth.urls")),
    path("sessions/", sessions_page, name="sessions"),
    path("sessions/sign-out-others/", sign_out_others, name="sign_out_others"),
    # Where Django's own pages were: bookmarks and old emails still arrive.
    path("password_change/", RedirectView.as_view(pattern_name="account_change_password")),
    path("password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
]
