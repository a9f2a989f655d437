using System.Text.Json.Serialization;
using OrleansChat.Grains;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Api;

/// <summary>
/// One front end: <c>id</c> (the <c>silo</c> of its <c>welcome</c>), the HTTP <c>address</c> it serves, its
/// <c>role</c> (<c>silo</c>: co-hosted; <c>client</c>: an Orleans client of the silo tier), <c>status</c>
/// (<c>active</c>, <c>dead</c> when its lease ran out, <c>left</c> when it stopped) and its last renewal.
/// </summary>
public sealed record ClusterFrontEnd(
    string Id,
    string Address,
    string Role,
    string Status,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset Heartbeat,
    bool Self)
{
    public static ClusterFrontEnd Of(FrontEndInfo info, bool self) => new(info.Id, info.Address, info.Role, info.Status, info.RenewedAt, self);
}
