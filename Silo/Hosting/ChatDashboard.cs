using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Adds the Orleans Dashboard's parts when <see cref="ChatDashboardOptions"/> turns it on. Its grain (cluster-wide
/// counters) may be placed on any silo, and it asks a grain service on every silo for that silo's statistics, so
/// every silo of a cluster whose front ends show it must take part. Off, nothing of it runs: taking part costs each
/// silo about 1-2 % of a core and ~25 MB even while nobody looks (it samples every silo's statistics and Orleans'
/// metrics every second; call profiling only runs while someone looks).
/// </summary>
internal static class ChatDashboard
{
    public static bool IsEnabled(IHostApplicationBuilder builder) =>
        ConfigurationSections.Bind<ChatDashboardOptions>(builder.Configuration, ChatDashboardOptions.SectionName).IsEnabledIn(builder.Environment);

    /// <summary>The silo's part: the dashboard's grains, its per-silo grain service and call profiler, the data for the UI.</summary>
    public static ISiloBuilder AddSiloSide(ISiloBuilder silo) => IsAdded(silo.Services) ? silo : silo.AddDashboard();

    /// <summary>What a client front end needs to serve the UI; the data comes from the silos' part.</summary>
    public static IClientBuilder AddClientSide(IClientBuilder client) => IsAdded(client.Services) ? client : client.AddDashboard();

    // Both AddDashboard overloads configure Orleans' DashboardOptions, and neither may run twice (the silo's would add
    // a second grain service).
    private static bool IsAdded(IServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(IConfigureOptions<DashboardOptions>));
}
