using System.Globalization;
using System.Text;

namespace OrleansChat.Tests.Support;

/// <summary>One scrape of a Prometheus text endpoint, read into samples (a name, its labels, a value) that tests look up.</summary>
internal sealed class PrometheusScrape
{
    private readonly IReadOnlyList<Sample> _samples;

    private PrometheusScrape(string text, IReadOnlyList<Sample> samples)
    {
        Text = text;
        _samples = samples;
    }

    /// <summary>The scrape as served (for failure messages).</summary>
    public string Text { get; }

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http, string path = "/metrics") =>
        Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                samples.Add(ParseSample(line));
            }
        }
        return new PrometheusScrape(text, samples);
    }

    /// <summary>
    /// The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/> (it may
    /// have others); null when there is none. More than one is a failure: the test's labels must pick a series.
    /// </summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var found = _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0].Value,
            _ => throw new InvalidOperationException($"{found.Count} series of {name} match; name more labels. Scrape:\n{Text}"),
        };
    }

    /// <summary>Whether any sample of a metric family starts with <paramref name="prefix"/>.</summary>
    public bool HasFamily(string prefix) => _samples.Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>One sample line: <c>name{label="value",...} value [timestamp]</c>, label values escaped as the format says.</summary>
    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var i = 0;
        string name;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            i = brace + 1;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var label = line[i..equals];
                i = equals + 2; // past ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                    i++;
                }
                labels[label] = value.ToString();
                i++; // past the closing quote
                if (line[i] == ',')
                {
                    i++;
                }
            }
            i += 2; // past "} "
        }
        else
        {
            name = line[..space];
            i = space + 1;
        }
        var rest = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
