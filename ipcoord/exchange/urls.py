from django.urls import path

from ipcoord.exchange import views, views_clients, views_out

app_name = "exchange"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/progress/", views.import_job_progress, name="import_job_progress"),
    path("import/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("import/<int:pk>/restart/", views.import_job_restart, name="import_job_restart"),
    path("import/<int:pk>/report.xlsx", views.import_job_report, name="import_job_report"),
    path("export/<str:kind>/", views.export, name="export"),
    path("webhooks/", views_out.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views_out.webhook, name="webhook"),
    path("clients/", views_clients.client_list, name="clients"),
    path("clients/new/", views_clients.client_new, name="client_new"),
    path("clients/<int:pk>/", views_clients.client_detail, name="client"),
    path(
        "clients/<int:pk>/keys/<int:key_pk>/revoke/",
        views_clients.client_key_revoke,
        name="client_key_revoke",
    ),
    path("clients/<int:pk>/token/", views_clients.client_token_reset, name="client_token_reset"),
    path("clients/<int:pk>/active/", views_clients.client_set_active, name="client_set_active"),
    path("notices/", views_out.notice_list, name="notices"),
    path("notices/new/", views_out.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views_out.notice_detail, name="notice"),
    path(
        "notices/<int:pk>/files/<int:attachment_pk>/",
        views_out.notice_attachment,
        name="notice_attachment",
    ),
    path("clients/<int:pk>/edit/", views_clients.client_edit, name="client_edit"),
]
