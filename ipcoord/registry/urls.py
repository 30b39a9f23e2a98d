from django.urls import path

from ipcoord.registry import views

app_name = "registry"
urlpatterns = [
    path("patents/", views.patent_list, name="patent_list"),
    path("patents/<int:pk>/", views.patent_detail, name="patent_detail"),
    path("trademarks/", views.trademark_list, name="trademark_list"),
    path("trademarks/<int:pk>/", views.trademark_detail, name="trademark_detail"),
    path("parties/", views.party_list, name="party_list"),
    path("parties/<int:pk>/", views.party_detail, name="party_detail"),
]
