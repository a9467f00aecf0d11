"""The site's own accounts pages under /accounts/: Django's auth views with the site's templates.

The templates are named explicitly (``accounts/...``) so that the admin keeps its own login,
logout and password pages. Password reset requests are throttled (editorial/throttling.py);
"sign out of every other session" is editorial/sessions.py.
"""

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from editorial.sessions import sessions_page, sign_out_others
from editorial.throttling import ThrottledPasswordResetView

urlpatterns = [
    path("login/", auth.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("sessions/", sessions_page, name="sessions"),
    path("sessions/sign-out-others/", sign_out_others, name="sign_out_others"),
    path(
        "password_change/",
        auth.PasswordChangeView.as_view(template_name="accounts/password_change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        ThrottledPasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
