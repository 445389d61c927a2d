using System.Globalization;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Smart lockout is weaker than Microsoft's default: more than 10 failed sign-ins before a lockout
/// (Password Rule Settings <c>LockoutThreshold</c>, default 10) or a lockout shorter than 60 seconds
/// (<c>LockoutDurationInSeconds</c>, default 60), which gives password spraying and guessing more tries. EIDSCA.PR06 fails on
/// the threshold alone and passes while it is not set (maester365/maester@6bf1d98 powershell/internal/eidsca/Test-MtEidscaPR06.ps1);
/// EIDSCA.PR05 on the duration alone and fails while it is not set (Test-MtEidscaPR05.ps1). Both EIDSCA checks need P1,
/// as custom smart lockout does. Low: Microsoft's defaults apply until an admin loosens them.
/// </summary>
public sealed class SmartLockoutWeakRule : PostureRule
{
    private const int DefaultThreshold = 10;
    private const int DefaultDurationSeconds = 60;

    public override RuleDefinition Definition { get; } = new(
        "policy-smart-lockout-weak",
        "Smart lockout allows more guesses than Microsoft's default",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        [DirectorySettings.Kind],
        ["setting", "lockoutThreshold", "lockoutDurationInSeconds"],
        [
            FrameworkReference.Eidsca("EIDSCA.PR06").Partially("IdentityOps also reports a lockout duration under 60 seconds with a threshold of 10 or fewer"),
            FrameworkReference.Eidsca("EIDSCA.PR05").Partially("EIDSCA also fails while LockoutDurationInSeconds is not set explicitly (the default 60 applies); IdentityOps also reports a threshold above 10"),
            FrameworkReference.Attack("T1110.003"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var setting = DirectorySettings.Of(inventory, DirectorySettings.PasswordRules);
        var threshold = Number(DirectorySettings.Value(setting, "LockoutThreshold")) ?? DefaultThreshold;
        var duration = Number(DirectorySettings.Value(setting, "LockoutDurationInSeconds")) ?? DefaultDurationSeconds;
        if (setting is null || (threshold <= DefaultThreshold && duration >= DefaultDurationSeconds))
        {
            yield break;
        }

        yield return new RuleHit(setting.PolicyId, setting.DisplayName, new Evidence
        {
            { "setting", setting.DisplayName ?? "Password Rule Settings" },
            { "lockoutThreshold", threshold },
            { "lockoutDurationInSeconds", duration },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static int? Number(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
