using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.WebFront.Telemetry;

/// <summary>
/// The WebFront's telemetry, on top of the process's (<c>AddChatTelemetry</c>): ASP.NET Core's meters and request spans,
/// and <c>/metrics</c>, all left out with <c>Telemetry:Enabled=false</c>.
/// </summary>
/// <remarks>
/// <c>/metrics</c> is OpenTelemetry's Prometheus exporter for ASP.NET Core rather than prometheus-net: the one SDK that
/// collects the meters (ours, Orleans', ASP.NET Core's, the runtime's) for the scrape also exports them and the traces
/// over OTLP, so there is one pipeline and one set of names; prometheus-net keeps a registry of its own and would need
/// the meters bridged into it, and a second SDK for traces.
/// </remarks>
public static class WebFrontTelemetryExtensions
{
    public const string ServiceName = "orleanschat-webfront";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// ASP.NET Core's meters worth a series: HTTP requests (<c>http.server.*</c>) and Kestrel's connections (<c>kestrel.*</c>).
    /// Its memory pool's meter is left out: it measures every block Kestrel rents, on the path of the sockets' reads and writes.
    /// </summary>
    public static IReadOnlyList<string> AspNetCoreMeters { get; } = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    public static WebApplicationBuilder AddWebFrontTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddChatTelemetry(ServiceName, telemetry =>
        {
            foreach (var meter in AspNetCoreMeters)
            {
                builder.Metrics.EnableMetrics(meter, scopes: MeterScope.Local);
            }
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
            telemetry.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = IsTraced));
        });
        return builder;
    }

    /// <summary>Serves the process's metrics at <c>/metrics</c> in the Prometheus text format, unless telemetry is off.</summary>
    public static WebApplication MapWebFrontMetrics(this WebApplication app)
    {
        if (TelemetryOptions.From(app.Configuration).Enabled)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
        return app;
    }

    /// <summary>Scrapes and probes come every few seconds (Prometheus, Caddy's health checks): not worth a trace each.</summary>
    private static bool IsTraced(HttpContext context)
    {
        var path = context.Request.Path;
        return !path.StartsWithSegments(MetricsPath) && !path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/readyz");
    }
}
