using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansChat.Silo.Hosting;

/// <summary>Wires the process's telemetry through OpenTelemetry, for silos and front ends alike.</summary>
public static class ChatTelemetryHostingExtensions
{
    /// <summary>
    /// Unless <c>Telemetry:Enabled</c> is false: our meters, Orleans' and the runtime's go to every metrics reader of
    /// the process (the WebFront adds its <c>/metrics</c> endpoint in <paramref name="configure"/>); our spans, and
    /// Orleans' inside our traces, to its tracer if it has one; and with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set,
    /// metrics, traces and logs are exported over OTLP (the standard <c>OTEL_*</c> settings apply). Nothing is
    /// exported otherwise. Calling it twice adds nothing the second time.
    /// </summary>
    /// <param name="builder">The host: a silo's, or a WebFront's.</param>
    /// <param name="serviceName">The <c>service.name</c> of the process's telemetry, unless <c>OTEL_SERVICE_NAME</c> gives one.</param>
    /// <param name="configure">What the host adds to the SDK: readers, exporters, instrumentation.</param>
    public static IHostApplicationBuilder AddChatTelemetry(this IHostApplicationBuilder builder, string serviceName, Action<IOpenTelemetryBuilder>? configure = null)
    {
        var services = builder.Services;
        if (!TelemetryOptions.From(builder.Configuration).Enabled || services.Any(d => d.ServiceType == typeof(ChatTelemetryAdded)))
        {
            return builder;
        }
        services.AddSingleton<ChatTelemetryAdded>();

        // Meters are chosen by the host's metrics rules rather than the SDK's AddMeter, which listens by name across the
        // whole process: the host's listener sees only the meters its own IMeterFactory made (Local) and the process-wide
        // ones (Global), so that several hosts in one process (tests) each report their own.
        builder.Metrics.EnableMetrics(ChatTelemetry.OurPrefix, scopes: MeterScope.Local);
        builder.Metrics.EnableMetrics(ChatTelemetry.OrleansMeter, scopes: MeterScope.Local);
        builder.Metrics.EnableMetrics(ChatTelemetry.RuntimeMeter, scopes: MeterScope.Global);

        // AddService would win over the standard OTEL_SERVICE_NAME: that one, when set, names the service instead.
        var name = builder.Configuration[TelemetryOptions.ServiceNameSetting] is { Length: > 0 } configured ? configured : serviceName;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(name));
        // Applies to whichever tracer the process builds (OTLP's below, or one a test adds); none is built for nothing,
        // so without an exporter no span is even created.
        services.ConfigureOpenTelemetryTracerProvider(tracing =>
            tracing.AddSource([.. ChatTelemetry.ActivitySourceNames]).AddProcessor(new OrleansRootSpanFilter()));
        if (TelemetryOptions.ExportsOtlp(builder.Configuration))
        {
            telemetry.UseOtlpExporter();
        }
        configure?.Invoke(telemetry);
        return builder;
    }

    /// <summary>Marks a service collection that has the chat's telemetry.</summary>
    private sealed class ChatTelemetryAdded;
}
