using System.Globalization;

namespace OrleansChat.Bench.Report;

/// <summary>Number formatting for the report: invariant culture, thousands separators, few decimals.</summary>
public static class Format
{
    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";
}
