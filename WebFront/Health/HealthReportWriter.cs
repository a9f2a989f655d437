using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansChat.WebFront.Api;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.WebFront.Health;

/// <summary>
/// Writes a health report as <see cref="HealthResponse"/>: <c>status</c> (<c>ok</c> or <c>unavailable</c>, as before
/// the checks existed), the front end's <c>silo</c>, the first failing check's description as <c>reason</c>, and
/// every check with its name, status and description.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        string? reason = null;
        var checks = new List<HealthCheckEntry>(report.Entries.Count);
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                reason ??= entry.Description;
            }
            checks.Add(new HealthCheckEntry(name, NameOf(entry.Status), entry.Description));
        }
        var silo = context.RequestServices.GetRequiredService<FrontEnd>().Id;
        var response = new HealthResponse(report.Status == HealthStatus.Unhealthy ? "unavailable" : "ok", silo, reason, checks);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, response, ApiJsonContext.Default.HealthResponse, context.RequestAborted);
    }

    private static string NameOf(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
