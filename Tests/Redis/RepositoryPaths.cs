namespace OrleansChat.Tests.Redis;

/// <summary>Where the repository and its builds are, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (<c>Debug</c> or <c>Release</c>), from the test assembly's path.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";

    /// <summary>The WebFront build of the configuration the tests were built in (the test build builds it too).</summary>
    public static string WebFrontDll => Path.Combine(Root, "WebFront", "bin", Configuration, "net10.0", "OrleansChat.WebFront.dll");

    /// <summary>The headless silo's build of the same configuration (the WebFront references the Silo project, so it is built too).</summary>
    public static string SiloDll => Path.Combine(Root, "Silo", "bin", Configuration, "net10.0", "OrleansChat.Silo.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansChat.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No OrleansChat.sln above {AppContext.BaseDirectory}.");
    }
}
