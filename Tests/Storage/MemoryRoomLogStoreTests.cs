using Microsoft.Extensions.Options;
using OrleansChat.Grains.Storage;

namespace OrleansChat.Tests.Storage;

/// <summary>The room log store contract on the in-memory store (the embedded default).</summary>
[Trait("Category", "Unit")]
public sealed class MemoryRoomLogStoreTests : RoomLogStoreContractTests
{
    protected override IRoomLogStore CreateStore(int retention = 1000) =>
        new MemoryRoomLogStore(Options.Create(new RoomLogOptions { LogRetention = retention }));
}
