from django.urls import path

from references import views

app_name = "references"

urlpatterns = [
    path("references/import/", views.reference_import, name="import"),
]
