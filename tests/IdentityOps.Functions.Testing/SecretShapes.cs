using System.Text.RegularExpressions;

namespace IdentityOps.Functions.Testing;

/// <summary>What a leaked token looks like in text: a JWT's base64url header and payload.</summary>
public static partial class SecretShapes
{
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.")]
    public static partial Regex JwtShape();
}
