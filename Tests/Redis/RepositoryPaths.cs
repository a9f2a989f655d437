namespace OrleansChat.Tests.Redis;

/// <summary>Where the repository and its builds are, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The WebFront build of the configuration the tests were built in (the test build builds it too).</summary>
    public static string WebFrontDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
            return Path.Combine(Root, "WebFront", "bin", configuration, "net10.0", "OrleansChat.WebFront.dll");
        }
    }

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
