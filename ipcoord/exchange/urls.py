from django.urls import path

from ipcoord.exchange import views

app_name = "exchange"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/progress/", views.import_job_progress, name="import_job_progress"),
    path("import/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("import/<int:pk>/report.xlsx", views.import_job_report, name="import_job_report"),
    path("export/<str:kind>/", views.export, name="export"),
]
