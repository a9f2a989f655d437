using System.Text.Json.Serialization;

namespace OrleansChat.WebFront.Api;

/// <summary>Source-generated JSON of the HTTP API's responses, camelCase as on the socket.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<RoomListEntry>))]
[JsonSerializable(typeof(RoomListResponse))]
[JsonSerializable(typeof(RoomHistoryResponse))]
[JsonSerializable(typeof(RoomMembersResponse))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
