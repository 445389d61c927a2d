namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// A risk deliberately placed in the tenant. <see cref="RiskId"/> is stable (one of
/// <see cref="PlantedRiskIds"/>), <see cref="ObjectType"/> one of <see cref="PlantedObjectTypes"/>,
/// and <see cref="ObjectId"/> the Graph id of the object that carries it ("tenant" for tenant-wide
/// gaps, "authorizationPolicy" for the authorization policy singleton, the id of any other policy singleton).
/// </summary>
public sealed record PlantedRisk(string RiskId, string ObjectType, string ObjectId, string Description);
