using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.WebFront.Dashboard;

/// <summary>
/// The Orleans Dashboard on this front end (<see cref="ChatDashboardOptions"/>): its UI and JSON at
/// <c>/dashboard/</c>, its data from the cluster's silos. With an operator credential configured, every dashboard
/// request needs it (HTTP Basic); without one it is served only in Development, and anywhere else the front end
/// refuses to start.
/// </summary>
internal static partial class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public const string Scheme = "DashboardBasic";

    public const string Policy = "Dashboard";

    /// <summary>
    /// The options and their validation (a dashboard enabled outside Development without a credential stops the
    /// front end here); authentication only when the dashboard is served behind a credential.
    /// </summary>
    public static WebApplicationBuilder AddChatDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatDashboardOptions>().BindConfiguration(ChatDashboardOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatDashboardOptions>, DashboardOptionsValidator>());

        // Read here as well: a front end that may not start is refused before anything is built, and whether anything
        // authenticates must be known by then (one that serves no protected dashboard has no authentication at all).
        var dashboard = builder.Configuration.GetSection(ChatDashboardOptions.SectionName).Get<ChatDashboardOptions>() ?? new ChatDashboardOptions();
        var validation = new DashboardOptionsValidator(builder.Environment).Validate(Options.DefaultName, dashboard);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ChatDashboardOptions), validation.Failures);
        }
        if (dashboard.IsEnabledIn(builder.Environment) && dashboard.HasCredential)
        {
            services.TryAddSingleton<DashboardCredential>();
            // The core only: AddAuthentication would add data protection too, which Basic does not use and which
            // would create and store a key ring at every start. A lone scheme is also the default one: a request
            // elsewhere that carries Basic credentials is checked too, which changes nothing there (nothing else asks
            // for a user); one without them costs a header lookup.
            services.AddWebEncoders();
            services.AddAuthenticationCore(options => options.AddScheme<DashboardBasicAuthenticationHandler>(Scheme, displayName: null));
            services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        }
        return builder;
    }

    /// <summary>Maps the dashboard when it is enabled, behind the credential when there is one.</summary>
    public static WebApplication UseChatDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ChatDashboardOptions>>().Value;
        if (!options.IsEnabledIn(app.Environment))
        {
            return app;
        }
        var dashboard = app.MapOrleansDashboard(Path);
        if (options.HasCredential)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            dashboard.RequireAuthorization(Policy);
            LogServedProtected(app.Logger, Path);
        }
        else
        {
            LogServedOpen(app.Logger, Path, app.Environment.EnvironmentName);
        }
        return app;
    }

    [LoggerMessage(EventId = 3420, Level = LogLevel.Information, Message = "Orleans Dashboard at {Path}/, behind the operator credential")]
    private static partial void LogServedProtected(ILogger logger, string path);

    [LoggerMessage(EventId = 3421, Level = LogLevel.Information, Message = "Orleans Dashboard at {Path}/, open to anyone: no operator credential is configured ({Environment} environment)")]
    private static partial void LogServedOpen(ILogger logger, string path, string environment);
}
