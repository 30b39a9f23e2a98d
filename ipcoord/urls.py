"""URL map: pages per app, the API under /api/v1/, schema and offline docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("", include("ipcoord.core.urls")),
    path("registry/", include("ipcoord.registry.urls")),
    path("cases/", include("ipcoord.cases.urls")),
    path("preservation/", include("ipcoord.preservation.urls")),
    path("exchange/", include("ipcoord.exchange.urls")),
    path("integrity/", include("ipcoord.integrity.urls")),
    path("api/v1/", include("ipcoord.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
