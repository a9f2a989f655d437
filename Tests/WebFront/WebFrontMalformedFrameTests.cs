using System.Text;
using System.Text.Json.Nodes;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontMalformedFrameTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    [Fact]
    public async Task Frames_1000Malformed_EachAnsweredAndServerStaysUp()
    {
        var server = fixture.Server;
        await using var client = await server.ConnectAsync();
        await using var bystander = await server.ConnectAsync();
        var kinds = MalformedFrames().ToList();

        for (var i = 0; i < 1000; i++)
        {
            var (frame, _) = kinds[i % kinds.Count];
            await client.SendAsync(frame);
        }
        await client.WaitForAsync(_ => client.Frames.Count(f => f.GetProperty("type").GetString() == "error") >= 1000, TimeSpan.FromSeconds(30));
        var pong = await client.RequestAsync(new JsonObject { ["type"] = "ping" });
        var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var bystanderPong = await bystander.RequestAsync(new JsonObject { ["type"] = "ping" });

        var errors = client.Frames.Where(f => f.GetProperty("type").GetString() == "error").ToList();
        Assert.Equal(1000, errors.Count);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(kinds[i % kinds.Count].Code, errors[i].GetProperty("code").GetString());
        }
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.True(health.IsSuccessStatusCode);
        Assert.Equal("pong", bystanderPong.GetProperty("type").GetString());
        Assert.False(client.IsClosed);
    }

    private static IEnumerable<(byte[] Frame, string Code)> MalformedFrames()
    {
        static (byte[], string) Text(string frame, string code) => (Encoding.UTF8.GetBytes(frame), code);
        yield return Text("{\"type\":\"join\",\"room\":\"gen", "bad_request");
        yield return Text("{\"type\":", "bad_request");
        yield return Text("", "bad_request");
        yield return Text("   ", "bad_request");
        yield return Text("null", "bad_request");
        yield return Text("42", "bad_request");
        yield return Text("\"join\"", "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":\"general\"}{}", "bad_request");
        yield return Text("{'type':'ping'}", "bad_request");
        yield return Text("{\"type\":\"ping\",}", "bad_request");
        yield return Text("{\"type\":true}", "bad_request");
        yield return Text("{\"type\":[\"ping\"]}", "bad_request");
        yield return Text("{\"type\":{\"nested\":1}}", "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":[\"general\"]}", "bad_request");
        yield return Text("{\"type\":\"send\",\"room\":\"general\",\"text\":{}}", "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":\"general\",\"after\":1e400}", "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":\"general\",\"after\":123456789012345678901234567890}", "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":\"general\",\"after\":-1}", "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":\"general\",\"after\":1.5}", "bad_request");
        yield return Text("{\"type\":\"history\",\"room\":\"general\",\"before\":-1e400}", "bad_request");
        yield return Text("{\"type\":\"history\",\"room\":\"general\",\"limit\":NaN}", "bad_request");
        yield return Text("{\"type\":\"teleport\"}", "unknown_type");
        yield return Text("{\"type\":\"PING\"}", "unknown_type");
        yield return Text("{\"type\":\"\"}", "unknown_type");
        yield return Text("{\"type\":\"send\",\"room\":\"general\",\"text\":\"\\ud800\"}", "bad_request");
        yield return Text("{\"type\":\"rename\",\"name\":\"\\udfff\"}", "bad_request");
        yield return Text("{\"type\":\"ping\",\"ref\":\"\\ud800\"}", "bad_request");
        yield return ([0x7B, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], "bad_request");
        yield return ([0xFF, 0xFE, 0xFD], "bad_request");
        yield return ([0x7B, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0x70, 0x69, 0x6E, 0x67, 0x22, 0x2C, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], "bad_request");
        yield return Text(new string('[', 5000) + new string(']', 5000), "bad_request");
        yield return Text("{\"type\":\"ping\",\"x\":" + new string('[', 100) + new string(']', 100) + "}", "bad_request");
        yield return Text(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000), "bad_request");
        yield return Text("{\"type\":\"join\",\"room\":\"../../etc\"}", "invalid_room");
        yield return Text("{\"type\":\"send\",\"room\":\"general\",\"text\":\"\"}", "bad_request");
    }
}
