namespace OrleansChat.Bench.Report;

/// <summary>
/// One row of the headline table: a metric for ours and for the peer (null when the peer cannot do it), the unit,
/// and which direction is better, so the ratio column can say whether ours wins.
/// </summary>
public sealed record HeadlineEntry(string Metric, double? Ours, double? Peer, string Unit, bool HigherIsBetter, string? Note = null)
{
    /// <summary>Ours divided by the peer; null when either is missing or the peer is 0.</summary>
    public double? Ratio => Ours is { } o && Peer is { } p && p != 0 ? o / p : null;
}
