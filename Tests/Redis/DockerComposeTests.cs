using System.Diagnostics;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// The Docker topology (<c>docker-compose.yml</c>, the split tier of DESIGN.md) is a valid compose file with the
/// services the design names: two headless silos holding the grains, two WebFronts as Orleans clients of them, all
/// in one Orleans cluster over Redis, and Caddy in front of the WebFronts (no Docker engine needed).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DockerComposeTests
{
    private static readonly string[] Silos = ["silo1", "silo2"];

    private static readonly string[] WebFronts = ["webfront1", "webfront2"];

    [Fact]
    public async Task DockerComposeConfig_RepositoryFile_IsValidSplitTierWithRedisTwoSilosTwoClientWebFrontsAndCaddy()
    {
        var (exitCode, resolved) = await RunAsync("config");
        Assert.True(exitCode == 0, resolved);
        var services = Services(resolved);

        Assert.Equal(["caddy", "redis", "silo1", "silo2", "webfront1", "webfront2"], services.Keys.Order());
        Assert.Contains("- --appendonly", Text(services["redis"]), StringComparison.Ordinal);
        Assert.Contains("healthcheck:", Text(services["redis"]), StringComparison.Ordinal);
        Assert.Contains("published: 8080", Text(services["caddy"]), StringComparison.Ordinal);
        // Caddy balances over the front tier only: the silos serve no HTTP.
        Assert.Equal("webfront1:8080 webfront2:8080", EnvironmentOf(services["caddy"]).GetValueOrDefault("CHAT_UPSTREAMS"));
        // The removed runtime's settings are gone.
        Assert.DoesNotContain("Silo__", resolved, StringComparison.Ordinal);
        // Silos and front ends join one Orleans cluster through Redis (the front ends find their gateways there).
        foreach (var service in Silos.Concat(WebFronts))
        {
            var environment = EnvironmentOf(services[service]);
            Assert.Equal("Redis", environment.GetValueOrDefault("Cluster__Provider"));
            Assert.StartsWith("redis:6379", environment.GetValueOrDefault("ConnectionStrings__Redis"), StringComparison.Ordinal);
        }
        Assert.Single(Silos.Concat(WebFronts).Select(s => (EnvironmentOf(services[s]).GetValueOrDefault("Cluster__ClusterId"), EnvironmentOf(services[s]).GetValueOrDefault("Cluster__ServiceId"))).Distinct());
        Assert.DoesNotContain(null, Silos.Concat(WebFronts).Select(s => EnvironmentOf(services[s]).GetValueOrDefault("Cluster__ClusterId")));
        foreach (var silo in Silos)
        {
            // A headless silo: the Silo build, from where the Dockerfile publishes it, once Redis answers.
            Assert.Contains("- OrleansChat.Silo.dll", Text(services[silo]), StringComparison.Ordinal);
            Assert.Contains("working_dir: /app/silo", Text(services[silo]), StringComparison.Ordinal);
            Assert.Contains("condition: service_healthy", Text(services[silo]), StringComparison.Ordinal);
            Assert.NotEqual("Client", EnvironmentOf(services[silo]).GetValueOrDefault("Orleans__Role"));
        }
        foreach (var webFront in WebFronts)
        {
            // A front end of the split tier: the WebFront build (the image's default entrypoint) as an Orleans client.
            Assert.Equal("Client", EnvironmentOf(services[webFront]).GetValueOrDefault("Orleans__Role"));
            Assert.DoesNotContain("OrleansChat.Silo.dll", Text(services[webFront]), StringComparison.Ordinal);
            Assert.Equal($"http://{webFront}:8080", EnvironmentOf(services[webFront]).GetValueOrDefault("FrontEnd__Address"));
            Assert.All(Silos, silo => Assert.Contains($"      {silo}:", Text(services[webFront]), StringComparison.Ordinal));
        }
        Assert.Contains("-o /app/silo", await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "Dockerfile")), StringComparison.Ordinal);
    }

    /// <summary>The resolved file's services, each with its lines as printed (service names are indented by two spaces).</summary>
    private static Dictionary<string, List<string>> Services(string resolved)
    {
        var services = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in resolved.Split('\n').SkipWhile(l => l != "services:").Skip(1))
        {
            if (line.Length > 0 && line[0] != ' ')
            {
                break;
            }
            if (line.Length > 2 && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ')
            {
                services[line.Trim().TrimEnd(':')] = current = [];
            }
            else if (current is not null && line.Trim().Length > 0)
            {
                current.Add(line);
            }
        }
        return services;
    }

    private static string Text(List<string> service) => string.Join('\n', service);

    /// <summary>A service's <c>environment:</c> entries: the <c>Key: value</c> lines indented below it.</summary>
    private static Dictionary<string, string> EnvironmentOf(List<string> service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in service.SkipWhile(l => l != "    environment:").Skip(1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal)))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            environment[line[..colon].Trim()] = line[(colon + 2)..].Trim().Trim('\'', '"');
        }
        return environment;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }
}
