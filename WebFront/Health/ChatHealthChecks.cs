using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OrleansChat.WebFront.Health;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c> (readiness: not stopping, attached to the
/// cluster, streams warm, store reachable) on ASP.NET Core's health checks, each answered as JSON by
/// <see cref="HealthReportWriter"/>: 200 when every check of the endpoint passes, else 503.
/// </summary>
internal static class ChatHealthChecks
{
    public const string LivenessPath = "/healthz";

    public const string ReadinessPath = "/readyz";

    private const string Live = "live";

    private const string Ready = "ready";

    public static IServiceCollection AddChatHealthChecks(this IServiceCollection services)
    {
        // In this order, which is also the order of the checks in a response: the first one that fails is its reason.
        services.AddHealthChecks()
            .AddCheck<LivenessHealthCheck>(LivenessHealthCheck.Name, tags: [Live])
            .AddCheck<LifetimeHealthCheck>(LifetimeHealthCheck.Name, tags: [Ready])
            .AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, tags: [Ready])
            .AddCheck<StreamsHealthCheck>(StreamsHealthCheck.Name, tags: [Ready])
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapChatHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, Only(Live));
        endpoints.MapHealthChecks(ReadinessPath, Only(Ready));
        return endpoints;
    }

    private static HealthCheckOptions Only(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = HealthReportWriter.WriteAsync,
    };
}
