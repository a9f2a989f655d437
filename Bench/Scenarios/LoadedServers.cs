using OrleansChat.Bench.Running;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// One server per kind, each with its room load, all up at once so a sweep can alternate between them step by step.
/// Disposing stops the servers first (so they do not broadcast every leave), then closes the clients.
/// </summary>
public sealed class LoadedServers : IAsyncDisposable
{
    private readonly List<RunningServer> _servers = [];
    private readonly List<RoomLoad> _loads = [];

    public IReadOnlyList<SweepTarget> Targets => [.. _servers.Zip(_loads, (server, load) => new SweepTarget(server.Kind, load.Senders, new ProcessGroup([server.Process])))];

    public static async Task<LoadedServers> StartAsync(RunContext context, string title, string roomPrefix, int rooms, int members, int senders, CancellationToken cancellationToken)
    {
        var loaded = new LoadedServers();
        try
        {
            foreach (var kind in context.Kinds)
            {
                context.Progress.Line($"{title}, {RunContext.NameOf(kind)}: starting server and {rooms * members:N0} members");
                var server = await context.Launcher.StartAsync(kind, cancellationToken);
                loaded._servers.Add(server);
                loaded._loads.Add(await RoomLoad.StartAsync(context, kind, _ => new MemberPlan(server.Uri), roomPrefix, rooms, members, senders, 0, cancellationToken));
            }
            return loaded;
        }
        catch
        {
            await loaded.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        foreach (var load in _loads)
        {
            await load.DisposeAsync();
        }
    }
}
