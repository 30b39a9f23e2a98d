from django.urls import path

from ipcoord.preservation import views

app_name = "preservation"
urlpatterns = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_submit, name="order_submit"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/renew/", views.order_renew, name="order_renew"),
    path("orders/<int:pk>/release/", views.order_release, name="order_release"),
    path("orders/<int:pk>/register/", views.order_register, name="order_register"),
    path("expiring/", views.expiring, name="expiring"),
    path("inquiry/", views.inquiry, name="inquiry"),
    path("inquiries/", views.inquiry_list, name="inquiry_list"),
    path("queue/", views.queue, name="queue"),
]
