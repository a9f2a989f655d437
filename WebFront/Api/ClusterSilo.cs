using System.Text.Json.Serialization;
using OrleansChat.Grains.Serialization;

namespace OrleansChat.WebFront.Api;

/// <summary>One silo: <c>status</c> is <c>active</c>, <c>dead</c> or <c>left</c>; times are the membership table's clock.</summary>
public sealed record ClusterSilo(
    string Id,
    string Address,
    string Status,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset Heartbeat,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset StartedAt,
    bool Self);
