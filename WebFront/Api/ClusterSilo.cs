using System.Text.Json.Serialization;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Api;

/// <summary>
/// One silo as Orleans' membership knows it: <c>id</c> is its parsable silo address (the <c>silo</c> of a
/// <c>welcome</c>), <c>address</c> its silo endpoint, <c>status</c> <c>joining</c>, <c>active</c>, <c>left</c>
/// (shutting down) or <c>dead</c>; <c>heartbeat</c> is its last I-am-alive in the membership table.
/// </summary>
public sealed record ClusterSilo(
    string Id,
    string Address,
    string Name,
    string Status,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset Heartbeat,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset StartedAt,
    bool Self);
