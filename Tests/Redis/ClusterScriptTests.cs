using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// End to end through <c>scripts/cluster.sh</c>: redis-server, three WebFront processes (one Orleans cluster over
/// Redis, each with its own silo and gateway port) and Caddy, all started by the script on free ports of this test;
/// clients go through Caddy only.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class ClusterScriptTests : IAsyncLifetime
{
    private readonly string _clusterId = $"script-{Guid.NewGuid():N}"[..15];
    private readonly int _port = FreePorts.Next();
    private readonly int _redisPort = FreePorts.Next();
    private readonly int[] _webFrontPorts = FreePorts.Next(3);
    private readonly int[] _siloPorts = FreePorts.Next(3);
    private readonly int[] _gatewayPorts = FreePorts.Next(3);
    private readonly string _state;

    public ClusterScriptTests()
    {
        // Beside the test assembly, as the other process logs: the script's logs outlive a failed test.
        _state = Path.Combine(AppContext.BaseDirectory, "process-logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{_clusterId}");
        Directory.CreateDirectory(_state);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await RunScriptAsync("stop");

    [Fact]
    public async Task ClusterScript_ClientsThroughCaddy_LandOnDifferentWebFrontsAndChatInOneRoom()
    {
        var (started, startOutput) = await RunScriptAsync("start");
        Assert.True(started == 0, startOutput);
        var pids = await File.ReadAllLinesAsync(Path.Combine(_state, "pids"));
        Assert.Equal(5, pids.Length);

        var caddy = new Uri($"http://127.0.0.1:{_port}");
        var clients = new List<ProtocolClient>();
        try
        {
            using var http = new HttpClient { BaseAddress = caddy, Timeout = TimeSpan.FromSeconds(10) };
            using var cluster = JsonDocument.Parse(await http.GetStringAsync("/api/cluster"));
            var silos = cluster.RootElement.GetProperty("silos").EnumerateArray().ToList();
            for (var i = 0; i < 3; i++)
            {
                clients.Add(await ProtocolClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_port}/ws")));
            }
            var room = TestRooms.New("script");
            foreach (var client in clients)
            {
                await client.JoinAsync(room);
            }
            foreach (var client in clients)
            {
                await client.SendMessageAsync(room, $"hello from {client.UserName}");
            }
            foreach (var client in clients)
            {
                await client.WaitForEventAsync(room, 6, TimeSpan.FromSeconds(15));
            }

            // One Orleans cluster of the three WebFronts, each on the silo port the script was given.
            Assert.Equal(_siloPorts.Select(p => $"127.0.0.1:{p}").Order(), silos.Select(s => s.GetProperty("address").GetString()).Order());
            Assert.All(silos, s => Assert.Equal("active", s.GetProperty("status").GetString()));
            // Caddy's round robin put the three clients on the three WebFronts.
            Assert.Equal(silos.Select(s => s.GetProperty("id").GetString()).Order(), clients.Select(c => c.Welcome.GetProperty("silo").GetString()).Order());
            var expected = clients[0].Events(room).Where(e => e.Seq() > 3).Select(e => e.GetRawText()).ToList();
            Assert.Equal(3, expected.Count);
            Assert.All(clients, c => Assert.Equal(expected, c.Events(room).Where(e => e.Seq() > 3).Select(e => e.GetRawText())));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        var (stopped, stopOutput) = await RunScriptAsync("stop");
        Assert.True(stopped == 0, stopOutput);
        Assert.All(pids.Select(line => int.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture)), pid => Assert.False(IsRunning(pid), $"{pid} still runs"));
        Assert.False(File.Exists(Path.Combine(_state, "pids")));
        // Stopped, not killed: each WebFront stopped by itself on SIGTERM.
        Assert.DoesNotContain("did not stop", stopOutput, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", "cluster.sh"));
        start.ArgumentList.Add(command);
        start.Environment["CLUSTER_DIR"] = _state;
        start.Environment["CLUSTER_ID"] = _clusterId;
        start.Environment["CLUSTER_PORT"] = _port.ToString(CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_REDIS_PORT"] = _redisPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_WEBFRONT_PORTS"] = string.Join(' ', _webFrontPorts);
        start.Environment["CLUSTER_SILO_PORTS"] = string.Join(' ', _siloPorts);
        start.Environment["CLUSTER_GATEWAY_PORTS"] = string.Join(' ', _gatewayPorts);
        // The test build already built the WebFront; the script runs that build instead of building Release.
        start.Environment["CLUSTER_BUILD"] = "0";
        start.Environment["CLUSTER_WEBFRONT_DLL"] = RepositoryPaths.WebFrontDll;
        start.Environment["Cluster__ServiceId"] = _clusterId;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {command} did not finish within 120 s: {await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
