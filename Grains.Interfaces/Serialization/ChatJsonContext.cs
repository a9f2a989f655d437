using System.Text.Json.Serialization;

namespace OrleansChat.Grains.Serialization;

/// <summary>Source-generated JSON for room events and users: camelCase, as on the wire.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RoomEvent))]
[JsonSerializable(typeof(ChatUser))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
