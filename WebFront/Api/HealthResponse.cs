namespace OrleansChat.WebFront.Api;

/// <summary><c>/healthz</c> and <c>/readyz</c>: <c>ok</c> or <c>unavailable</c>, the front end's silo, and why not when not.</summary>
public sealed record HealthResponse(string Status, string Silo, string? Reason = null);
