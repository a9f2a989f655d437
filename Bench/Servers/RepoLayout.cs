namespace OrleansChat.Bench.Servers;

/// <summary>Where the built servers are: the repository root (the folder with OrleansChat.sln) and the build configuration.</summary>
public sealed record RepoLayout(string Root, string Configuration)
{
    private const string Solution = "OrleansChat.sln";
    private const string TargetFramework = "net10.0";

    public string WebFrontDll => Path.Combine(Root, "WebFront", "bin", Configuration, TargetFramework, "OrleansChat.WebFront.dll");

    /// <summary>The headless silo of the split tier (grains only, no HTTP).</summary>
    public string SiloDll => Path.Combine(Root, "Silo", "bin", Configuration, TargetFramework, "OrleansChat.Silo.dll");

    public string SignalRPeerDll => Path.Combine(Root, "Bench", "Peers", "SignalR", "bin", Configuration, TargetFramework, "OrleansChat.Bench.Peers.SignalR.dll");

    /// <summary>The repository that holds <paramref name="start"/>, or the one above the running generator.</summary>
    public static RepoLayout Find(string? start, string configuration)
    {
        foreach (var from in new[] { start, Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = from is null ? null : new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Solution)))
                {
                    return new RepoLayout(dir.FullName, configuration);
                }
            }
        }
        throw new InvalidOperationException($"No {Solution} above '{start ?? Environment.CurrentDirectory}': pass --repo.");
    }

    /// <summary>The commit the servers were built from, for the report; "unknown" outside git.</summary>
    public string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                WorkingDirectory = Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null)
            {
                return "unknown";
            }
            var head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? head : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
