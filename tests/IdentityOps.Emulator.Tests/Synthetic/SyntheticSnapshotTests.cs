using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Emulator.Tests.Synthetic;

public sealed class SyntheticSnapshotTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "identityops-synthetic-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Written_files_mirror_the_keys_and_round_trip()
    {
        var tenant = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

        await tenant.WriteSnapshotAsync(directory, CancellationToken.None);

        var written = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(tenant.Files.Keys.Order(StringComparer.Ordinal), written);
        foreach (var key in written)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, key), CancellationToken.None);
            Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], $"{key} starts with a byte order mark");
            Assert.True(JsonNode.DeepEquals(tenant.Files[key], JsonNode.Parse(bytes)), $"{key} does not round-trip");
            Assert.Equal(SyntheticTenant.Serialize(tenant.Files[key]), bytes);
        }
    }

    [Fact]
    public async Task Writing_twice_overwrites_with_the_same_bytes()
    {
        var tenant = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        await tenant.WriteSnapshotAsync(directory, CancellationToken.None);
        var first = await File.ReadAllBytesAsync(Path.Combine(directory, "auditLogs", "signIns.json"), CancellationToken.None);

        await SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small).WriteSnapshotAsync(directory, CancellationToken.None);

        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(directory, "auditLogs", "signIns.json"), CancellationToken.None));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
