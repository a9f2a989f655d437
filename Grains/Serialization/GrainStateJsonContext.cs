using System.Text.Json.Serialization;
using OrleansChat.Grains.Rooms;
using OrleansChat.Grains.Users;

namespace OrleansChat.Grains.Serialization;

/// <summary>Source-generated JSON for the grains' durable state.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RoomState))]
[JsonSerializable(typeof(UserState))]
[JsonSerializable(typeof(UserEvent))]
internal sealed partial class GrainStateJsonContext : JsonSerializerContext;
