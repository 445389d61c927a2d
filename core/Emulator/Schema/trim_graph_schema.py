#!/usr/bin/env python3
"""Trims Microsoft's published Graph schema to the types the emulator serves.

Input: the files of microsoftgraph/msgraph-metadata named in README.md (type-mappings JSON for v1.0 and beta,
the v1.0 CSDL for base types, entity sets, singletons and the types of properties and navigations).
Output: graph-schema.v1.0.json and graph-schema.beta.json next to this script, embedded in the emulator.

  python3 trim_graph_schema.py --source <folder with the msgraph-metadata files>          # writes
  python3 trim_graph_schema.py --source <folder with the msgraph-metadata files> --check  # fails if they differ

The beta description has no CSDL here: a beta type takes v1.0's base type, a beta-only entity type derives
from entity, and a beta property or navigation takes v1.0's type where v1.0 has it (BETA_NAVIGATIONS names the
rest the emulator routes).
"""
import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET

NS = "microsoft.graph"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"

# Where the emulator routes requests (GraphRouter, the synthetic tenant, the collector's reads).
ROOTS = [
    "applications", "servicePrincipals", "users", "groups", "organization", "oauth2PermissionGrants",
    "directoryObjects", "directoryRoles", "directoryRoleTemplates", "subscribedSkus",
    "roleManagement", "identity", "policies", "reports", "auditLogs",
    "domains", "groupSettings",  # issue 19 C
]

# The entity types the emulator serves, and what their routes pass through.
SERVED = [
    "entity", "directoryObject", "application", "servicePrincipal", "user", "group", "device", "orgContact",
    "administrativeUnit", "directoryRole", "directoryRoleTemplate", "organization", "subscribedSku",
    "oAuth2PermissionGrant", "appRoleAssignment", "federatedIdentityCredential",
    "roleManagement", "rbacApplication", "unifiedRoleDefinition", "unifiedRoleAssignment",
    "unifiedRoleScheduleBase", "unifiedRoleScheduleInstanceBase", "unifiedRoleAssignmentSchedule",
    "unifiedRoleAssignmentScheduleInstance", "unifiedRoleEligibilitySchedule", "unifiedRoleEligibilityScheduleInstance",
    "unifiedRoleAssignmentScheduleRequest", "unifiedRoleEligibilityScheduleRequest", "request",
    "auditLogRoot", "signIn", "directoryAudit",
    "reportRoot", "authenticationMethodsRoot", "userRegistrationDetails", "servicePrincipalSignInActivity",
    "identityContainer", "conditionalAccessRoot", "conditionalAccessPolicy", "namedLocation", "ipNamedLocation",
    "countryNamedLocation",
    "policyRoot", "policyBase", "stsPolicy", "authorizationPolicy", "authenticationMethodsPolicy",
    "authenticationMethodConfiguration", "permissionGrantPolicy", "permissionGrantConditionSet",
    "crossTenantAccessPolicy", "crossTenantAccessPolicyConfigurationDefault", "crossTenantAccessPolicyConfigurationPartner",
    "tenantAppManagementPolicy", "appManagementPolicy", "adminConsentRequestPolicy",
    "identitySecurityDefaultsEnforcementPolicy",
    # issue 19 A3: /policies/authenticationStrengthPolicies and the strength inside a Conditional Access policy's grantControls.
    "authenticationStrengthPolicy",
    # issue 19 C: domains, directory settings, PIM role settings.
    "domain", "groupSetting", "unifiedRoleManagementPolicyAssignment", "unifiedRoleManagementPolicy",
    "unifiedRoleManagementPolicyRule", "unifiedRoleManagementPolicyApprovalRule", "unifiedRoleManagementPolicyAuthenticationContextRule",
    "unifiedRoleManagementPolicyEnablementRule", "unifiedRoleManagementPolicyExpirationRule", "unifiedRoleManagementPolicyNotificationRule",
]

# Beta navigations the emulator routes whose type v1.0 does not describe.
BETA_NAVIGATIONS = {
    ("reportRoot", "servicePrincipalSignInActivities"): ("servicePrincipalSignInActivity", True),
}


def short(type_name):
    collection = type_name.startswith("Collection(")
    inner = type_name[len("Collection("):-1] if collection else type_name
    for prefix in ("microsoft.graph.", "graph."):
        if inner.startswith(prefix):
            inner = inner[len(prefix):]
    return inner, collection


def load_csdl(path):
    schema = next(s for s in ET.parse(path).getroot().iter(EDM + "Schema") if s.get("Namespace") == NS)
    types = {}
    for kind in ("EntityType", "ComplexType"):
        for node in schema.findall(EDM + kind):
            base = node.get("BaseType")
            types[node.get("Name")] = {
                "kind": "entity" if kind == "EntityType" else "complex",
                "base": short(base)[0] if base else None,
                "open": node.get("OpenType") == "true",
                "props": {p.get("Name"): p.get("Type") for p in node.findall(EDM + "Property")},
                "navs": {p.get("Name"): p.get("Type") for p in node.findall(EDM + "NavigationProperty")},
            }
    container = schema.find(EDM + "EntityContainer")
    roots = {}
    for node in container.findall(EDM + "EntitySet"):
        roots[node.get("Name")] = (short(node.get("EntityType"))[0], True)
    for node in container.findall(EDM + "Singleton"):
        roots[node.get("Name")] = (short(node.get("Type"))[0], False)
    return types, roots


def descriptions(folder, version):
    entities = json.load(open(os.path.join(folder, f"{version}-entity-types.json")))[NS]
    complexes = json.load(open(os.path.join(folder, f"{version}-complex-types.json")))[NS]
    return entities, complexes


def trimmed(folder, version, csdl, csdl_roots):
    entities, complexes = descriptions(folder, version)

    def described(name):
        if name in entities:
            return "entity", entities[name]
        if name in complexes:
            return "complex", complexes[name]
        return None, None

    def base_of(name, kind):
        if name in csdl:
            return csdl[name]["base"]
        return "entity" if kind == "entity" and name != "entity" else None

    # Every type deriving (on this version) from a served type is served too: a directoryObject may be any of them.
    wanted = set(SERVED)
    changed = True
    while changed:
        changed = False
        for name in list(entities):
            if name not in wanted and base_of(name, "entity") in wanted and base_of(name, "entity") == "directoryObject":
                wanted.add(name)
                changed = True

    out_types = {}
    queue = sorted(wanted)
    while queue:
        name = queue.pop()
        if name in out_types:
            continue
        kind, desc = described(name)
        if desc is None:
            continue
        base = base_of(name, kind)
        csdl_type = csdl.get(name, {"props": {}, "navs": {}, "open": False})
        props = {}
        for prop in sorted(desc["properties"]):
            declared = csdl_type["props"].get(prop)
            props[prop] = declared and ("Collection(" + short(declared)[0] + ")" if short(declared)[1] else short(declared)[0])
        navs = {}
        for nav in sorted(desc["navigationProperties"]):
            declared = csdl_type["navs"].get(nav)
            if declared:
                target, many = short(declared)
            elif (name, nav) in BETA_NAVIGATIONS:
                target, many = BETA_NAVIGATIONS[(name, nav)]
            else:
                target, many = None, None
            navs[nav] = None if target is None else {"type": target, "collection": many}
        out_types[name] = {
            "kind": kind,
            "base": base,
            "open": bool(csdl_type.get("open")),
            "properties": props,
            "navigations": navs,
        }
        if base and base not in out_types:
            queue.append(base)
        # Complex types of the served properties, so a served object can be checked below its top level.
        for declared in props.values():
            if declared:
                inner = declared[len("Collection("):-1] if declared.startswith("Collection(") else declared
                if not inner.startswith("Edm.") and inner not in out_types and described(inner)[1] is not None and described(inner)[0] == "complex":
                    queue.append(inner)

    roots = {}
    for root in ROOTS:
        if root in csdl_roots:
            target, many = csdl_roots[root]
            roots[root] = {"type": target, "collection": many}
    # Every name Graph answers at the root (v1.0's container; beta has more, so beta treats an unknown root as unchecked).
    graph_roots = sorted(csdl_roots)
    return {"version": version, "roots": dict(sorted(roots.items())), "graphRoots": graph_roots, "types": dict(sorted(out_types.items()))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, help="folder holding the msgraph-metadata files named in README.md")
    parser.add_argument("--check", action="store_true", help="fail if the checked-in files differ from what this script makes")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    csdl, csdl_roots = load_csdl(os.path.join(args.source, "v1.0-csdl.xml"))
    stale = []
    for version in ("v1.0", "beta"):
        text = json.dumps(trimmed(args.source, version, csdl, csdl_roots), indent=1, sort_keys=False) + "\n"
        target = os.path.join(here, f"graph-schema.{version}.json")
        if args.check:
            current = open(target).read() if os.path.exists(target) else None
            if current != text:
                stale.append(target)
        else:
            with open(target, "w") as handle:
                handle.write(text)
    if stale:
        print("out of date (rerun without --check): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
