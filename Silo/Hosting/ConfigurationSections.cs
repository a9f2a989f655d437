using Microsoft.Extensions.Configuration;

namespace OrleansChat.Silo.Hosting;

/// <summary>Reads an options section while the host is still being built (clustering and providers depend on it).</summary>
internal static class ConfigurationSections
{
    public static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}
