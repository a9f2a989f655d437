using System.Diagnostics;

namespace OrleansChat.Tests.Redis;

/// <summary>The Docker topology is a valid compose file with the services the design names (no Docker engine needed).</summary>
[Trait("Category", "Integration")]
public sealed class DockerComposeTests
{
    [Fact]
    public async Task DockerComposeConfig_RepositoryFile_IsValidWithRedisWebFrontsSiloAndCaddy()
    {
        var (exitCode, resolved) = await RunAsync("config");

        Assert.True(exitCode == 0, resolved);
        // The resolved file lists services at two spaces of indentation, in order of name.
        var services = resolved.Split('\n').SkipWhile(l => l != "services:").Skip(1).TakeWhile(l => l.StartsWith(' ') || l.Length == 0)
            .Where(l => l.Length > 2 && l[2] != ' ' && l.EndsWith(':')).Select(l => l.Trim().TrimEnd(':'));
        Assert.Equal(["caddy", "redis", "silo", "webfront1", "webfront2"], services.Order());
        Assert.Contains("Cluster__Provider: Redis", resolved, StringComparison.Ordinal);
        Assert.Contains("--appendonly", resolved, StringComparison.Ordinal);
        Assert.Contains("healthcheck:", resolved, StringComparison.Ordinal);
        Assert.Contains("published: 8080", resolved, StringComparison.Ordinal);
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
