from django.urls import path

from references import views

app_name = "references"

urlpatterns = [
    path("references/import/", views.reference_import, name="import"),
    path("references/imports/", views.reference_import_list, name="imports"),
    path("references/imports/<int:import_id>/", views.reference_import_job, name="import_job"),
]
