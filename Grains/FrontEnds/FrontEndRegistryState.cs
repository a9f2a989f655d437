namespace OrleansChat.Grains.FrontEnds;

/// <summary>The registry's durable state: every front end it knows, by id.</summary>
[GenerateSerializer, Alias("front-end-registry-state")]
public sealed class FrontEndRegistryState
{
    [Id(0)] public Dictionary<string, FrontEndRecord> FrontEnds { get; set; } = new(StringComparer.Ordinal);
}
