using IdentityOps.Core.Graph;
using IdentityOps.Emulator;
using IdentityOps.Testing.Graph;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Kiota.Abstractions.Authentication;

namespace IdentityOps.Core.Tests.Graph;

public sealed class GraphRequestPacerTests
{
    [Fact]
    public async Task The_eleventh_sign_in_activity_request_within_a_minute_waits_for_the_window()
    {
        var clock = new FakeTimeProvider();
        var transport = new RecordingHandler((_, _) => RecordingHandler.Ok());
        using var client = new HttpClient(new GraphRequestPacer(new GraphPacingOptions(), clock) { InnerHandler = transport });

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.SendAsync(Marked());
        }

        var eleventh = client.SendAsync(Marked());
        await Task.Delay(50);
        Assert.Equal(10, transport.Received.Count);

        clock.Advance(TimeSpan.FromSeconds(60)); // the documented window, but not yet its 2 % margin
        await Task.Delay(50);
        Assert.Equal(10, transport.Received.Count);

        clock.Advance(TimeSpan.FromSeconds(1.3));
        using (await eleventh)
        {
            Assert.Equal(11, transport.Received.Count);
        }
    }

    [Fact]
    public async Task A_request_graph_refused_with_429_gives_its_slot_back()
    {
        var clock = new FakeTimeProvider();
        var transport = new RecordingHandler((_, n) => n == 1 ? new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests) : RecordingHandler.Ok());
        using var client = new HttpClient(new GraphRequestPacer(new GraphPacingOptions(), clock) { InnerHandler = transport });

        for (var i = 0; i < 11; i++)
        {
            using var response = await client.SendAsync(Marked()); // the first was refused, so ten were admitted
        }

        Assert.Equal(11, transport.Received.Count);
    }

    [Fact]
    public async Task Report_endpoints_are_paced_by_path_on_v1_and_beta_alike_and_other_requests_are_not()
    {
        var clock = new FakeTimeProvider();
        var transport = new RecordingHandler((_, _) => RecordingHandler.Ok());
        using var client = new HttpClient(new GraphRequestPacer(new GraphPacingOptions(), clock) { InnerHandler = transport });

        for (var i = 0; i < 20; i++)
        {
            using var unpaced = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/applications"));
        }

        for (var i = 0; i < 5; i++)
        {
            // The beta sign-ins (privileged users') and the v1.0 ones spend one budget.
            using var report = await client.GetAsync(new Uri($"https://graph.microsoft.com/{(i % 2 == 0 ? "v1.0" : "beta")}/auditLogs/signIns"));
        }

        var sixth = client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails"));
        await Task.Delay(50);
        Assert.Equal(25, transport.Received.Count);
        clock.Advance(TimeSpan.FromSeconds(10.3));
        using (await sixth)
        {
            Assert.Equal(26, transport.Received.Count);
        }
    }

    [Fact]
    public async Task A_budget_option_set_on_an_sdk_request_reaches_the_pacer()
    {
        
        var seen = new List<GraphBudget>();
        var probe = new RecordingHandler((request, _) =>
        {
            seen.Add(GraphRequestPacer.BudgetOf(request));
            return RecordingHandler.Ok();
        });
        var graph = GraphClientBuilder.Create(new AnonymousAuthenticationProvider(), new GraphRetryOptions(), TimeProvider.System, probe);

        await graph.Users.GetAsync(r => r.Options.Add(new GraphBudgetOption(GraphBudget.SignInActivity)));

        Assert.Equal([GraphBudget.SignInActivity], seen);

    }

    private static HttpRequestMessage Marked()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users?$skiptoken=opaque");
        request.Options.Set(GraphBudgetOption.Key, new GraphBudgetOption(GraphBudget.SignInActivity));
        return request;
    }
}
