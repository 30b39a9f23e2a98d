import pytest

from ipcoord.core import services
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Organisation, OrgKind, OrgLevel, Role


def test_platform_admin_roles_are_separated(world):
    with pytest.raises(ApplicationError) as err:
        services.membership_grant(
            actor=world.security_admin,
            user=world.system_admin,
            organisation=world.platform,
            role=Role.AUDIT_ADMIN,
        )
    assert err.value.code == "separation_of_duties"
    with pytest.raises(ApplicationError):
        services.membership_grant(
            actor=world.security_admin,
            user=world.audit_admin,
            organisation=world.bj_ip_court,
            role=Role.JUDGE,
        )


def test_only_security_admin_grants_platform_roles(world):
    user = services.user_create(actor=world.system_admin, username="newbie", password=None)
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=world.system_admin,
            user=user,
            organisation=world.platform,
            role=Role.SECURITY_ADMIN,
        )
    services.membership_grant(
        actor=world.security_admin,
        user=user,
        organisation=world.platform,
        role=Role.SECURITY_ADMIN,
    )


def test_system_admin_cannot_read_audit_and_auditor_cannot_create_orgs(world):
    from ipcoord.core.selectors import audit_event_list_for

    assert not audit_event_list_for(user=world.system_admin).exists()
    assert audit_event_list_for(user=world.audit_admin).exists()
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=world.audit_admin, name="X", kind=OrgKind.OTHER, level=OrgLevel.COUNTY
        )


def test_unknown_court_code_is_refused_and_nothing_written(world):
    orgs, events = Organisation.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as err:
        services.organisation_create(
            actor=world.system_admin,
            name="火星法院",
            kind=OrgKind.COURT,
            level=OrgLevel.PREFECTURAL,
            court_code="火星73",
        )
    assert err.value.code == "unknown_court_code" and "火星73" in err.value.message
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == (orgs, events)


def test_org_admin_grants_roles_in_own_org_only(world):
    admin = services.user_create(actor=None, username="hzadmin", password=None)
    services.membership_grant(
        actor=None, user=admin, organisation=world.hz_inter, role=Role.ORG_ADMIN
    )
    clerk = services.user_create(actor=None, username="hz2", password=None)
    services.membership_grant(actor=admin, user=clerk, organisation=world.hz_inter, role=Role.CLERK)
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=admin, user=clerk, organisation=world.bj_ip_court, role=Role.CLERK
        )


def test_subtree_paths(world):
    assert world.bj_ip_court.path.startswith(world.bj_high.path)
    assert world.bj_high.path.startswith(world.spc.path)
