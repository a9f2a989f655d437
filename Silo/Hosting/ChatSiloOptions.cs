namespace OrleansChat.Silo.Hosting;

/// <summary>Grain lifetime settings (section <c>Silo</c>; the room's <c>MaxAppendBatch</c> shares it).</summary>
public sealed class ChatSiloOptions
{
    public const string SectionName = "Silo";

    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(10);

    /// <summary>Activations idle this long are collected.</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;
}
