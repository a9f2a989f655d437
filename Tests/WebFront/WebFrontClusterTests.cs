namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontClusterTests
{
    [Fact]
    public async Task TwoWebFronts_OneRoom_ClientsSeeEachOtherInOneSeqOrder()
    {
        await using var first = await WebFrontServer.StartAsync();
        await using var second = await WebFrontServer.StartAsync(joining: first);
        var room = WebFrontFixture.NewRoom();
        await using var alice = await first.ConnectAsync();
        await using var bob = await second.ConnectAsync();
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        var sends = new List<Task<System.Text.Json.JsonElement>>();
        for (var i = 0; i < 5; i++)
        {
            sends.Add(alice.SendMessageAsync(room, $"a{i}"));
            sends.Add(bob.SendMessageAsync(room, $"b{i}"));
        }
        await Task.WhenAll(sends);
        await alice.WaitForEventAsync(room, 12);
        await bob.WaitForEventAsync(room, 12);

        Assert.Equal(Enumerable.Range(2, 11).Select(i => (long)i), alice.Events(room).Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(Enumerable.Range(3, 10).Select(i => (long)i), bob.Events(room).Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(alice.Events(room).Skip(1).Select(e => e.GetRawText()), bob.Events(room).Select(e => e.GetRawText()));
    }
}
