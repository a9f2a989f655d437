namespace OrleansChat.WebFront.Api;

/// <summary><c>/healthz</c> and <c>/readyz</c>: <c>ok</c>, or why not.</summary>
public sealed record HealthResponse(string Status, string Silo);
