using System.Globalization;

namespace OrleansChat.Tests.Redis;

/// <summary>What the multi-process failure tests share: the promise they hold the cluster to, how many kills they make, and how they report them.</summary>
internal static class Failover
{
    /// <summary>The design's promise: <c>left</c> within 10 s of an abrupt kill, with the default settings.</summary>
    public static readonly TimeSpan LeftPromise = TimeSpan.FromSeconds(10);

    /// <summary>How many kills a kill-to-<c>left</c> test makes; <c>scripts/measure-failover.sh</c> asks for 20.</summary>
    public const string KillsVariable = "CHAT_FAILOVER_KILLS";

    /// <summary>
    /// Settings under which senders go as fast as the cluster takes them; the per-connection limit is the WebFront
    /// tests' business.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnlimitedRate = new Dictionary<string, string>
    {
        ["WebFront__RatePerSecond"] = "100000",
        ["WebFront__RateBurst"] = "100000",
    };

    /// <summary>The kills <see cref="KillsVariable"/> asks for, else <paramref name="byDefault"/>.</summary>
    public static int Kills(int byDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(KillsVariable), CultureInfo.InvariantCulture, out var asked) && asked > 0 ? asked : byDefault;

    /// <summary>"min / median / max ms" of <paramref name="values"/>.</summary>
    public static string Summary(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"min {sorted[0]:F0} / median {median:F0} / max {sorted[^1]:F0} ms");
    }
}
