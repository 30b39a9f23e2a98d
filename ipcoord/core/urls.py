from django.urls import path

from ipcoord.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/verify/", views.audit_verify_start, name="audit_verify"),
]
