using Microsoft.Extensions.Configuration;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Our telemetry (section <c>Telemetry</c>). On by default; <c>Telemetry__Enabled=false</c> leaves the OpenTelemetry
/// SDK, <c>/metrics</c> and Orleans' trace propagation out of the process, so that the Bench can price them.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public const bool DefaultEnabled = true;

    /// <summary>
    /// OpenTelemetry's standard setting (an environment variable, or any configuration source): metrics, traces and
    /// logs are exported over OTLP to this endpoint when it is set, and never otherwise.
    /// </summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>OpenTelemetry's standard setting for the <c>service.name</c> of the process's telemetry.</summary>
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    public bool Enabled { get; set; } = DefaultEnabled;

    /// <summary>The options as configured, read while the host is still being built.</summary>
    public static TelemetryOptions From(IConfiguration configuration) =>
        ConfigurationSections.Bind<TelemetryOptions>(configuration, SectionName);

    public static bool ExportsOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
}
