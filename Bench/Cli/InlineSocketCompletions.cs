namespace OrleansChat.Bench.Cli;

/// <summary>
/// The generator runs socket completions inline on the epoll threads (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1):
/// its receive loops are short and never block, and skipping the thread-pool hop per received frame cut the
/// generator's CPU per delivery several times over on two cores, which leaves that CPU to the server under test.
/// The runtime reads the switch only from the environment at start, so without it the generator starts itself again
/// with it set. The servers are started without it (they run as shipped).
/// </summary>
public static class InlineSocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Runs this generator again with the switch on and returns its exit code.</summary>
    public static async Task<int> RelaunchAsync(string[] args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(InlineSocketCompletions).Assembly.Location);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment[Variable] = "1";
        using var child = Process.Start(info) ?? throw new InvalidOperationException("Could not start the generator again.");
        // Ctrl+C reaches both processes (same process group); the child stops its servers and exits.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
