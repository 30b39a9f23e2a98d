from django.urls import path

from ipcoord.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("proceedings/", views.proceeding_list, name="proceeding_list"),
    path("proceedings/<int:pk>/", views.proceeding_detail, name="proceeding_detail"),
    path("links/", views.link_list, name="link_list"),
    path("links/propose/", views.link_propose, name="link_propose"),
    path("links/<int:pk>/<str:decision>/", views.link_decide, name="link_decide"),
]
