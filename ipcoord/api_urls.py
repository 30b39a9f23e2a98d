"""The REST API under /api/v1/: one router collecting every app's viewsets."""

from rest_framework.routers import DefaultRouter

from ipcoord.cases import api as cases_api
from ipcoord.core import api as core_api
from ipcoord.exchange import api as exchange_api
from ipcoord.integrity import api as integrity_api
from ipcoord.preservation import api as preservation_api
from ipcoord.registry import api as registry_api

router = DefaultRouter()
router.register("organisations", core_api.OrganisationViewSet, basename="organisation")
router.register("notifications", core_api.NotificationViewSet, basename="notification")
router.register("me", core_api.MeViewSet, basename="me")
registry_api.register(router)
cases_api.register(router)
preservation_api.register(router)
exchange_api.register(router)
integrity_api.register(router)

urlpatterns = router.urls
