using Orleans.Diagnostics;

namespace OrleansChat.Silo.Hosting;

/// <summary>The meters and activity sources our telemetry reports, in one place.</summary>
public static class ChatTelemetry
{
    /// <summary>Our meters and activity sources all start with it: <c>OrleansChat.WebFront</c>, <c>OrleansChat.Grains</c>.</summary>
    public const string OurPrefix = "OrleansChat";

    /// <summary>Orleans' meter: messaging, activations, gateways, streams (<c>orleans-*</c> instruments).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The .NET runtime's own meter (GC, JIT, thread pool, exceptions); process-wide.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Orleans' activity sources: its spans of grain calls (client and server side), activations and storage. Orleans puts
    /// the calls of interfaces whose namespace starts with "Orleans" on its runtime source, and "OrleansChat.Grains" does:
    /// ours come there beside its own membership, stream and directory traffic. <see cref="OrleansRootSpanFilter"/> keeps
    /// only the Orleans spans inside a trace of ours.
    /// </summary>
    public const string OrleansSources = ActivitySources.AllActivitySourceName;

    /// <summary>The activity sources every process traces: ours, and Orleans', which carry a trace between processes.</summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = [OurPrefix + ".*", OrleansSources];
}
