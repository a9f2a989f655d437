using System.Text.Json.Serialization;
using OrleansChat.Grains.Rooms;

namespace OrleansChat.Grains.Storage.Redis;

/// <summary>Source-generated JSON for what the Redis store keeps besides events (which use the wire form).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RoomPresence))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
