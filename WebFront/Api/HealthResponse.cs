namespace OrleansChat.WebFront.Api;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c>: <c>ok</c> or <c>unavailable</c>, the front end's silo, why not when not
/// (the first failing check's description), and every check of the endpoint.
/// </summary>
public sealed record HealthResponse(string Status, string Silo, string? Reason = null, IReadOnlyList<HealthCheckEntry>? Checks = null);
