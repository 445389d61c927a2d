using System.Net;
using System.Text;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Trust;
using IdentityOps.Testing.Graph;

namespace IdentityOps.Security.Tests.ReadOnlyGraph;

[Trait("Claim", TrustClaimIds.ReadOnlyGraph)]
public sealed class ReadOnlyGraphGuardTests
{
    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_request_that_is_not_a_get_never_reaches_the_network(string method)
    {
        var transport = new RecordingHandler((_, _) => RecordingHandler.Ok());
        using var client = new HttpClient(new ReadOnlyGraphGuard { InnerHandler = transport });

        using var request = new HttpRequestMessage(new HttpMethod(method), "https://graph.microsoft.com/v1.0/applications/00000000-0000-0000-0000-000000000001")
        {
            Content = new StringContent("{\"displayName\":\"changed\"}", Encoding.UTF8, "application/json"),
        };

        await Assert.ThrowsAsync<ReadOnlyViolationException>(() => client.SendAsync(request));
        Assert.Empty(transport.Received);
    }

    [Fact]
    public async Task A_get_passes()
    {
        var transport = new RecordingHandler((_, _) => RecordingHandler.Ok());
        using var client = new HttpClient(new ReadOnlyGraphGuard { InnerHandler = transport });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(transport.Received);
    }

    [Fact]
    public async Task A_batch_of_gets_passes_and_a_batch_hiding_a_write_is_refused()
    {
        var transport = new RecordingHandler((_, _) => RecordingHandler.Ok());
        using var client = new HttpClient(new ReadOnlyGraphGuard { InnerHandler = transport });
        var batchUri = new Uri("https://graph.microsoft.com/v1.0/$batch");

        using var reads = new StringContent("""{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"2","method":"get","url":"/groups"}]}""", Encoding.UTF8, "application/json");
        using var ok = await client.PostAsync(batchUri, reads);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var hidden = new StringContent("""{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"2","method":"DELETE","url":"/applications/1"}]}""", Encoding.UTF8, "application/json");
        await Assert.ThrowsAsync<ReadOnlyViolationException>(() => client.PostAsync(batchUri, hidden));

        using var garbage = new StringContent("not json", Encoding.UTF8, "application/json");
        await Assert.ThrowsAsync<ReadOnlyViolationException>(() => client.PostAsync(batchUri, garbage));
        Assert.Single(transport.Received);
    }

    [Fact]
    public async Task A_post_to_anything_but_batch_is_refused_even_with_only_gets_inside()
    {
        var transport = new RecordingHandler((_, _) => RecordingHandler.Ok());
        using var client = new HttpClient(new ReadOnlyGraphGuard { InnerHandler = transport });
        using var body = new StringContent("""{"requests":[{"id":"1","method":"GET","url":"/users"}]}""", Encoding.UTF8, "application/json");

        await Assert.ThrowsAsync<ReadOnlyViolationException>(() => client.PostAsync(new Uri("https://graph.microsoft.com/v1.0/applications/1/addPassword"), body));
        Assert.Empty(transport.Received);
    }
}
