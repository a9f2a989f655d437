using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grains;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// A room log store (and its health) that a test can make fail and then recover: unreachable, as Redis down
/// (<see cref="StoreUnavailableException"/>, and readiness fails), or faulty (an unexpected error).
/// </summary>
internal sealed class SwitchableRoomLogStore(IRoomLogStore inner, IStoreHealth innerHealth) : IRoomLogStore, IStoreHealth
{
    private volatile bool _unreachable;
    private volatile bool _faulty;

    public bool Unreachable
    {
        get => _unreachable;
        set => _unreachable = value;
    }

    public bool Faulty
    {
        get => _faulty;
        set => _faulty = value;
    }

    public Task<RoomHead> ReadHeadAsync(string room, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReadHeadAsync(room, cancellationToken);
    }

    public Task AppendAsync(string room, RoomAppend append, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.AppendAsync(room, append, cancellationToken);
    }

    public Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(string room, long after, long upTo, int limit, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReadAfterAsync(room, after, upTo, limit, cancellationToken);
    }

    public Task<IReadOnlyList<RoomEvent>> ReadBeforeAsync(string room, long before, int limit, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReadBeforeAsync(room, before, limit, cancellationToken);
    }

    /// <summary>A server whose room log (and store health) is a switchable store over its memory log.</summary>
    public static async Task<(WebFrontServer Server, SwitchableRoomLogStore Store)> StartServerAsync()
    {
        var server = await WebFrontServer.StartAsync(configure: services =>
        {
            services.AddSingleton(sp =>
            {
                var memory = sp.GetRequiredService<MemoryRoomLogStore>();
                return new SwitchableRoomLogStore(memory, memory);
            });
            services.AddSingleton<IRoomLogStore>(sp => sp.GetRequiredService<SwitchableRoomLogStore>());
            services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<SwitchableRoomLogStore>());
        });
        return (server, server.Services.GetRequiredService<SwitchableRoomLogStore>());
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) =>
        _unreachable ? Task.FromResult(false) : innerHealth.PingAsync(cancellationToken);

    private void Check()
    {
        if (_unreachable)
        {
            throw new StoreUnavailableException("The test made the store unreachable.");
        }
        if (_faulty)
        {
            throw new InvalidOperationException("The test made the store faulty.");
        }
    }
}
