using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace OrleansChat.WebFront.Metrics;

/// <summary>
/// Listens to this WebFront's meter and renders what it heard in the Prometheus text format (version 0.0.4):
/// counters as <c>_total</c>, up-down counters as gauges, histograms with cumulative buckets.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();

    public PrometheusExporter(ChatMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                var series = _instruments.GetOrAdd(instrument, i => new InstrumentSeries(i));
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
        metrics.Prime();
    }

    public string Render()
    {
        var text = new StringBuilder(4096);
        foreach (var series in _instruments.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            series.Render(text);
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One instrument's series, keyed by their rendered label set.</summary>
    private sealed class InstrumentSeries
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly bool _histogram;

        public InstrumentSeries(Instrument instrument)
        {
            Instrument = instrument;
            _histogram = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Histogram<>);
            var counter = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>);
            Kind = _histogram ? "histogram" : counter ? "counter" : "gauge";
            Name = Sanitize(instrument.Name) + (instrument.Unit == "s" ? "_seconds" : "") + (counter ? "_total" : "");
        }

        public Instrument Instrument { get; }

        private string Kind { get; }

        private string Name { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = _series.GetOrAdd(Labels(tags), _ => new Series(_histogram ? SecondsBuckets.Length : 0));
            series.Record(value, _histogram ? SecondsBuckets : null);
        }

        public void Render(StringBuilder text)
        {
            if (Instrument.Description is { Length: > 0 } help)
            {
                text.Append("# HELP ").Append(Name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            }
            text.Append("# TYPE ").Append(Name).Append(' ').Append(Kind).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                series.Render(text, Name, labels, _histogram ? SecondsBuckets : null);
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }
            var parts = new List<string>(tags.Length);
            foreach (var tag in tags)
            {
                var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                parts.Add($"{Sanitize(tag.Key)}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
            }
            parts.Sort(StringComparer.Ordinal);
            return string.Join(',', parts);
        }

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not '_' and not ':')
                {
                    chars[i] = '_';
                }
            }
            return new string(chars);
        }
    }

    /// <summary>One label set's numbers: a running sum (the value of a counter or gauge), and a histogram's counts.</summary>
    private sealed class Series(int bucketCount)
    {
        private readonly Lock _lock = new();
        private readonly long[] _buckets = new long[bucketCount];
        private double _sum;
        private long _count;

        public void Record(double value, double[]? bounds)
        {
            lock (_lock)
            {
                _sum += value;
                _count++;
                if (bounds is not null)
                {
                    var index = Array.BinarySearch(bounds, value);
                    index = index >= 0 ? index : ~index;
                    if (index < _buckets.Length)
                    {
                        _buckets[index]++;
                    }
                }
            }
        }

        public void Render(StringBuilder text, string name, string labels, double[]? bounds)
        {
            double sum;
            long count;
            long[] buckets;
            lock (_lock)
            {
                sum = _sum;
                count = _count;
                buckets = (long[])_buckets.Clone();
            }
            if (bounds is null)
            {
                text.Append(name).Append(Braces(labels)).Append(' ').Append(Format(sum)).Append('\n');
                return;
            }
            var cumulative = 0L;
            var prefix = labels.Length == 0 ? "" : labels + ",";
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += buckets[i];
                text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(Format(bounds[i])).Append("\"} ").Append(cumulative).Append('\n');
            }
            text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(count).Append('\n');
            text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Format(sum)).Append('\n');
            text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(count).Append('\n');
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }
}
