using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrleansChat.Tests.Support;
using OrleansChat.Tests.WebFront;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// End to end through <c>scripts/cluster.sh</c>: redis-server, three WebFront processes and Caddy, all started by
/// the script on free ports; clients go through Caddy only.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClusterScriptTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("orleanschat-cluster-").FullName;
    private readonly int _port = FreePort();
    private readonly int _redisPort = FreePort();
    private readonly int[] _webFrontPorts = [FreePort(), FreePort(), FreePort()];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RunScriptAsync("stop");
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ClusterScript_ClientsThroughCaddy_LandOnDifferentWebFrontsAndChatInOneRoom()
    {
        var (started, startOutput) = await RunScriptAsync("start");
        Assert.True(started == 0, startOutput);
        var pids = await File.ReadAllLinesAsync(Path.Combine(_state, "pids"));
        Assert.Equal(5, pids.Length);

        var socket = new Uri($"ws://127.0.0.1:{_port}/ws");
        var clients = new List<ProtocolClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                clients.Add(await ProtocolClient.ConnectAsync(socket));
            }
            var room = WebFrontFixture.NewRoom();
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

            Assert.Equal(3, clients.Select(c => c.Welcome.GetProperty("silo").GetString()).Distinct().Count());
            var expected = clients[0].Events(room).Where(e => e.GetProperty("seq").GetInt64() > 3).Select(e => e.GetRawText()).ToList();
            Assert.Equal(3, expected.Count);
            Assert.All(clients, c => Assert.Equal(expected, c.Events(room).Where(e => e.GetProperty("seq").GetInt64() > 3).Select(e => e.GetRawText())));
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
        Assert.All(pids.Select(line => int.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)), pid => Assert.False(IsRunning(pid), $"{pid} still runs"));
        Assert.False(File.Exists(Path.Combine(_state, "pids")));
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
        start.Environment["CLUSTER_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_REDIS_PORT"] = _redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_WEBFRONT_PORTS"] = string.Join(' ', _webFrontPorts);
        // The test build already built the WebFront; the script runs that build instead of building Release.
        start.Environment["CLUSTER_BUILD"] = "0";
        start.Environment["CLUSTER_WEBFRONT_DLL"] = RepositoryPaths.WebFrontDll;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
