namespace OrleansChat.WebFront.Api;

/// <summary>One check of <c>/healthz</c> or <c>/readyz</c>: its name, <c>healthy</c> or <c>unhealthy</c>, and what it found.</summary>
public sealed record HealthCheckEntry(string Name, string Status, string? Description);
