namespace OrleansChat.WebFront.Api;

/// <summary>An HTTP API error: a code from the protocol's list and a human-readable message.</summary>
public sealed record ApiError(string Code, string Message);
