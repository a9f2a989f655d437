namespace OrleansChat.Grains.Secrets;

/// <summary>A stored secret's bytes.</summary>
[GenerateSerializer, Alias("secret-state")]
public sealed class SecretState
{
    [Id(0)] public byte[] Value { get; set; } = [];
}
