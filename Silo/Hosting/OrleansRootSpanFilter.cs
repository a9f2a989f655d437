using System.Diagnostics;
using OpenTelemetry;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Drops the traces Orleans starts by itself (stream deliveries, membership probes, timers' grain calls, lease renewals)
/// and keeps its spans inside ours: a trace of every pulling agent delivery would bury the traces of users' commands.
/// It acts when the span starts, so the span's context says "not sampled" and the calls it makes are dropped with it.
/// </summary>
internal sealed class OrleansRootSpanFilter : BaseProcessor<Activity>
{
    private const string OrleansSourcePrefix = "Microsoft.Orleans.";

    public override void OnStart(Activity data)
    {
        if (data.ParentSpanId == default && data.Source.Name.StartsWith(OrleansSourcePrefix, StringComparison.Ordinal))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
