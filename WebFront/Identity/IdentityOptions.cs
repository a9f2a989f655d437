namespace OrleansChat.WebFront.Identity;

/// <summary>Identity tokens (section <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";
    public const int MinSecretLength = 16;
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// The HMAC key of tokens. Every silo of a cluster must share it; when it is not set, one is generated
    /// once and shared through the cluster store.
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>How long a token resumes its identity after it was issued; an older one gives a new identity.</summary>
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;
}
