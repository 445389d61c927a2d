using System.Text;
using IdentityOps.Core.Graph.Collection;
using Microsoft.Graph.Models;
using Xunit;

namespace IdentityOps.Core.Tests.Graph.Presence;

public sealed class PropertyPresenceTests
{
    private static readonly CollectionProperties Users = CollectionProperties.Of(["id", "displayName", "onPremisesSyncEnabled", "signInActivity"], "id");

    [Fact]
    public async Task A_property_Graph_sent_as_null_on_every_object_is_present_and_one_it_did_not_send_is_not()
    {
        // Cloud-only users: Graph sends onPremisesSyncEnabled: null on each; Kiota alone drops null-valued properties.
        var presence = await ObserveAsync("""{"value":[{"id":"1","displayName":"A","onPremisesSyncEnabled":null},{"id":"2","displayName":"B","onPremisesSyncEnabled":null}]}""");

        Assert.True(presence.WasPresent("onPremisesSyncEnabled"));
        Assert.False(presence.WasPresent("signInActivity"));
        var (collectionReason, parts) = Users.Verdict("users", presence, viaDelta: false, new Dictionary<string, string>());
        Assert.Null(collectionReason);
        Assert.Equal("Graph returned no signInActivity on any of 2 users", Assert.Single(parts, p => p.Key == "signInActivity").Value);
        Assert.DoesNotContain("onPremisesSyncEnabled", parts.Keys);
    }

    [Fact]
    public async Task A_key_property_on_no_object_makes_the_whole_collection_unavailable()
    {
        var presence = await ObserveAsync("""{"value":[{"displayName":"A"}]}""");

        var (collectionReason, _) = Users.Verdict("users", presence, viaDelta: false, new Dictionary<string, string>());

        Assert.Equal("Graph returned no id on any of 1 users, so no object could be identified", collectionReason);
    }

    [Fact]
    public async Task A_delta_read_keeps_the_previous_verdict_on_a_property_it_did_not_see_and_an_empty_read_judges_nothing()
    {
        var partial = await ObserveAsync("""{"value":[{"id":"1","displayName":"renamed"}]}""");
        var previous = new Dictionary<string, string> { ["users.signInActivity"] = "the tenant has no Entra ID P1 licence" };

        var (_, delta) = Users.Verdict("users", partial, viaDelta: true, previous);
        var (_, empty) = Users.Verdict("users", new PropertyPresence(), viaDelta: false, previous);

        Assert.Equal("the tenant has no Entra ID P1 licence", Assert.Single(delta).Value);
        Assert.Empty(empty);
    }

    private static async Task<PropertyPresence> ObserveAsync(string json)
    {
        var node = await new NullKeepingJsonParseNodeFactory().GetRootParseNodeAsync("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var page = node.GetObjectValue(UserCollectionResponse.CreateFromDiscriminatorValue);
        var presence = new PropertyPresence();
        foreach (var user in page.Value ?? [])
        {
            presence.Observe(user);
        }

        return presence;
    }
}
