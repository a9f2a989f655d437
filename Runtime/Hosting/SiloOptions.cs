using System.ComponentModel.DataAnnotations;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Activation settings of a silo (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);
    public const int DefaultMaxAppendBatch = 256;

    /// <summary>The silo's id; empty means a fresh one per process start (the normal case).</summary>
    public string? SiloId { get; set; }

    /// <summary>The address other silos and operators see for this silo.</summary>
    public string Address { get; set; } = "";

    /// <summary>An activation idle this long with no local subscribers is collected.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>How often idle activations are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>How many queued appends of one activation one store call may carry; 1 turns batching off (for measurement).</summary>
    [Range(1, 100_000)]
    public int MaxAppendBatch { get; set; } = DefaultMaxAppendBatch;
}
