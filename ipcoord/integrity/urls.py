from django.urls import path

from ipcoord.integrity import court_views, credit_views, views, views_runs

app_name = "integrity"
urlpatterns = [
    path("screen/", views.screen, name="screen"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/hits/<int:n>/record/", views.hit_record, name="hit_record"),
    path("patents/", views_runs.patents, name="patents"),
    path("litigation/", views_runs.litigation, name="litigation"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/<str:decision>/", views.finding_decide, name="finding_decide"),
    path("parties/<int:pk>/screen/", views.party_screen, name="party_screen"),
    path("court/", court_views.court_notice_list, name="court_notice_list"),
    path("court/new/", court_views.court_notice_new, name="court_notice_new"),
    path("court/new/<int:case_pk>/", court_views.court_notice_case, name="court_notice_case"),
    path("court/<int:pk>/", court_views.court_notice_detail, name="court_notice_detail"),
    path("court/<int:pk>/lead/", court_views.court_notice_lead, name="court_notice_lead"),
    path("credit/", credit_views.credit_list, name="credit_list"),
    path("credit/propose/", credit_views.credit_propose, name="credit_propose"),
    path("credit/<int:pk>/", credit_views.credit_detail, name="credit_detail"),
    path("credit/<int:pk>/<str:step>/", credit_views.credit_step, name="credit_step"),
    # PUBLIC: no login (the dishonesty list is published).
    path("credit-list/", credit_views.credit_public, name="credit_public"),
]
