namespace OrleansChat.WebFront.Api;

/// <summary><c>GET /api/cluster</c>: every silo the membership table knows.</summary>
public sealed record ClusterResponse(IReadOnlyList<ClusterSilo> Silos);
