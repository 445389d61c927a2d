using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Scanning.ProcessScanJob;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;

namespace IdentityOps.Core.Tests.Identity;

public sealed class DelegatedAccessFailureTests
{
    [Theory]
    [InlineData("invalid_grant", "AADSTS65001: The user or administrator has not consented", DelegatedAccessProblem.ConsentRevoked)]
    [InlineData("unauthorized_client", "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'", DelegatedAccessProblem.ApplicationRemoved)]
    [InlineData("invalid_grant", "AADSTS50173: The provided grant has expired due to it being revoked", DelegatedAccessProblem.ConsentRevoked)]
    public void Entra_errors_are_sorted_by_what_the_admin_must_do(string error, string description, DelegatedAccessProblem expected)
    {
        var wrapped = new InvalidOperationException("outer", new MsalServiceException(error, description));

        var failure = DelegatedAccessFailure.From(wrapped);

        Assert.Equal(expected, failure?.Problem);
        Assert.DoesNotContain(description, failure!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_401_and_403_authorization_denied_are_revoked_consent_but_other_403s_are_not()
    {
        Assert.Equal(DelegatedAccessProblem.ConsentRevoked, DelegatedAccessFailure.From(new ODataError { ResponseStatusCode = 401 })?.Problem);
        Assert.Equal(DelegatedAccessProblem.ConsentRevoked, DelegatedAccessFailure.From(new ODataError { ResponseStatusCode = 403, Error = new MainError { Code = "Authorization_RequestDenied" } })?.Problem);
        Assert.Null(DelegatedAccessFailure.From(new ODataError { ResponseStatusCode = 403, Error = new MainError { Code = "Forbidden" } }));
        Assert.Null(DelegatedAccessFailure.From(new MsalServiceException("temporarily_unavailable", "AADSTS50196: The server terminated an operation")));
        Assert.Null(DelegatedAccessFailure.From(new HttpRequestException("connection refused")));
    }

    [Fact]
    public void Unreadable_or_missing_sessions_ask_for_a_new_sign_in()
    {
        Assert.Equal(DelegatedAccessProblem.SessionUnavailable, DelegatedAccessFailure.From(new TokenCacheUnreadableException("tampered"))?.Problem);
        Assert.Equal(DelegatedAccessProblem.SessionUnavailable, DelegatedAccessFailure.From(new MsalClientException(MsalError.OboCacheKeyNotInCacheError, "no"))?.Problem);
    }

    [Fact]
    public void Session_keys_name_their_tenant_and_a_job_carries_only_a_sealed_key()
    {
        var tenant = Guid.NewGuid();
        var key = DelegatedSessionKey.New(tenant);

        Assert.True(DelegatedSessionKey.TryGetTenant(key, out var parsed) && parsed == tenant);
        Assert.NotEqual(key, DelegatedSessionKey.New(tenant));
        Assert.False(DelegatedSessionKey.TryGetTenant(key + "x", out _));
        Assert.False(DelegatedSessionKey.TryGetTenant($"{Guid.Empty:D}:{key[37..]}", out _));

        var scan = Guid.NewGuid();
        Assert.NotNull(ScanJob.Parse(new ScanJob(tenant, scan, "CfDJ8-sealed_session").ToJson()));
        Assert.Null(ScanJob.Parse(new ScanJob(tenant, scan, key).ToJson()));
        Assert.Null(ScanJob.Parse(new ScanJob(tenant, scan, string.Empty).ToJson()));
        Assert.Null(ScanJob.Parse("""{"tenantId":"x"}"""));
        Assert.Null(ScanJob.Parse("not json"));
    }
}
