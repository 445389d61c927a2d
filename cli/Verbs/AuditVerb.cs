using System.IO.Compression;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Audit.Export;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// <c>IdentityOps.Cli audit verify --export &lt;zip&gt; --public-key &lt;pem&gt; [--head &lt;jws or earlier export zip&gt;]...</c>:
/// verifies a tenant's export offline, with no database and no secret: the chain link by link, the
/// heads in the export and every head given with <c>--head</c>, all against the public key. Exits 0
/// when intact, 1 when the trail was tampered with (a deleted tail, an edited event, a forged head),
/// 2 on bad input.
/// </summary>
internal static class AuditVerb
{
    public const string Name = "audit";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.FirstOrDefault() != "verify")
        {
            return await UsageAsync(output);
        }

        string? export = null, publicKey = null;
        var headFiles = new List<string>();
        for (var i = 1; i < args.Length; i += 2)
        {
            var (option, value) = (args[i], i + 1 < args.Length ? args[i + 1] : null);
            if (value is null || option is not ("--export" or "--public-key" or "--head"))
            {
                await output.WriteLineAsync($"audit verify: unexpected argument '{option}'");
                return await UsageAsync(output);
            }

            if (option == "--head")
            {
                headFiles.Add(value);
            }
            else if (option == "--export")
            {
                export = value;
            }
            else
            {
                publicKey = value;
            }
        }

        if (export is null || publicKey is null)
        {
            return await UsageAsync(output);
        }

        try
        {
            var key = AuditHeadPublicKey.FromPem(await File.ReadAllTextAsync(publicKey));
            var earlier = new List<SignedAuditHead>();
            foreach (var file in headFiles)
            {
                earlier.AddRange(await ReadHeadsAsync(file));
            }

            await using var archive = File.OpenRead(export);
            var report = ExportAuditVerifier.Verify(archive, key, earlier);
            await output.WriteLineAsync($"{(report.IsIntact ? "INTACT" : "TAMPERED")} {report.Describe()} (public key {key.KeyId}, {earlier.Count} earlier head(s) given)");
            return report.IsIntact ? 0 : 1;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            await output.WriteLineAsync($"audit verify: {e.Message}");
            return 2;
        }
    }

    // A head kept from before: a .jws file (one compact JWS), or an earlier export whose heads it carried.
    private static async Task<IReadOnlyList<SignedAuditHead>> ReadHeadsAsync(string file)
    {
        if (file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = ZipFile.OpenRead(file);
            return AuditExportBundle.Read(zip).Heads;
        }

        return [SignedAuditHead.ParseJws(await File.ReadAllTextAsync(file))];
    }

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync("usage: IdentityOps.Cli audit verify --export <export.zip> --public-key <public-key.pem> [--head <head.jws | earlier-export.zip>]...");
        return 2;
    }
}
