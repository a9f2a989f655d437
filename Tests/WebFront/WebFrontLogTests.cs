using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

/// <summary>What a WebFront process writes to its console, as an operator's log collector reads it.</summary>
[Trait("Category", "Integration")]
public sealed class WebFrontLogTests
{
    // What a normal run may say at Information: the host's start and stop, and where to open the chat.
    private static readonly string[] InformationCategories = ["Microsoft.Hosting.Lifetime", "OrleansChat.WebFront"];

    [Fact]
    public async Task Logs_JsonFormatterWithTraffic_EveryLineIsJsonAndRequestsAreQuiet()
    {
        var logs = Path.Combine(AppContext.BaseDirectory, "process-logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-json-logs");
        await using var webFront = await ChatProcess.StartAsync(ChatProcessKind.WebFront, "webfront-json", new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            // The harness raises membership to Information for other tests' diagnosis; this run keeps appsettings.json's levels.
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Warning",
        }, logs);

        // A user's session and an operator's look around, as in any normal run.
        await using (var client = await webFront.ConnectAsync())
        {
            await client.JoinAsync("logs");
            await client.SendMessageAsync("logs", "hello");
            await client.RequestAsync(new JsonObject { ["type"] = "rename", ["name"] = "quiet-reader" });
            await client.SendAsync("not json");
            await client.WaitForAsync(f => f.GetProperty("type").GetString() == "error");
            await client.LeaveAsync("logs");
        }
        foreach (var path in new[] { "/", "/api/rooms", "/api/cluster", "/api/rooms/logs/history", "/healthz", "/readyz", "/metrics" })
        {
            using var response = await webFront.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        }
        await webFront.StopAsync(TimeSpan.FromSeconds(30));

        var lines = webFront.ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(Parse).ToList();
        var listening = Assert.Single(entries, e => e.GetProperty("EventId").GetInt32() == 3400);
        Assert.Equal("Information", listening.GetProperty("LogLevel").GetString());
        Assert.Equal($"http://127.0.0.1:{webFront.HttpPort}", listening.GetProperty("State").GetProperty("Url").GetString());
        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
            && e.GetProperty("Message").GetString()!.StartsWith("Application is shutting down", StringComparison.Ordinal));
        var chatty = entries.Where(e => e.GetProperty("LogLevel").GetString() is "Trace" or "Debug" or "Information"
            && !InformationCategories.Contains(e.GetProperty("Category").GetString())).ToList();
        Assert.True(chatty.Count == 0, $"Logged below Warning in a normal run:{Environment.NewLine}{string.Join(Environment.NewLine, chatty)}");
    }

    private static JsonElement Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var entry = json.RootElement.Clone();
            Assert.Equal(JsonValueKind.Object, entry.ValueKind);
            Assert.True(entry.TryGetProperty("Category", out _) && entry.TryGetProperty("LogLevel", out _) && entry.TryGetProperty("Message", out _), line);
            return entry;
        }
        catch (JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"Not a JSON log entry: {line} ({exception.Message})");
        }
    }
}
