namespace OrleansChat.WebFront.Api;

/// <summary><c>GET /api/cluster</c>: every silo the membership table knows, and every front end the registry knows (both tiers).</summary>
public sealed record ClusterResponse(IReadOnlyList<ClusterSilo> Silos, IReadOnlyList<ClusterFrontEnd> FrontEnds);
