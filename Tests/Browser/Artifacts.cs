namespace OrleansChat.Tests.Browser;

/// <summary>Where browser tests write files for people to look at: <c>Tests/artifacts/</c> (gitignored).</summary>
internal static class Artifacts
{
    /// <summary>The repository root: the first folder above the test binaries that holds the solution.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(RepositoryRoot, "Tests", "artifacts")).FullName;

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansChat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansChat.sln above {AppContext.BaseDirectory}.");
    }
}
