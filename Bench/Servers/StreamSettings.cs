using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace OrleansChat.Bench.Servers;

/// <summary>
/// The Orleans memory-stream settings our server ran with, for the report's header; each value says where it came
/// from. Looked up as the server's configuration would find it: the environment the generator passes (its
/// <c>--server-env</c>), then the generator's own environment (the server inherits it), then the server's
/// appsettings.Production.json and appsettings.json, else the server's default.
/// </summary>
public sealed record StreamSettings(string PullingPeriod, string QueueCount, string DeliveryBatchSize)
{
    /// <summary>The server runs in environment Production: its Production file overrides appsettings.json.</summary>
    private static readonly string[] SettingsFiles = ["appsettings.Production.json", "appsettings.json"];

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the settings for a server started with <paramref name="oursEnvironment"/> from <paramref name="webFrontDirectory"/>.</summary>
    public static StreamSettings Resolve(IReadOnlyDictionary<string, string> oursEnvironment, string webFrontDirectory)
    {
        var files = SettingsFiles
            .Select(name => (Name: name, Path: Path.Combine(webFrontDirectory, name)))
            .Where(file => File.Exists(file.Path))
            .ToList();
        var period = Find(ServerSettings.StreamsPullingPeriod, oursEnvironment, files);
        return new StreamSettings(
            period is { } p ? $"{Milliseconds(p.Value)} ({p.Source})" : $"{Milliseconds(ServerSettings.DefaultStreamsPullingPeriod)} (default)",
            Count(ServerSettings.StreamsQueueCount, ServerSettings.DefaultStreamsQueueCount),
            Count(ServerSettings.StreamsDeliveryBatchSize, ServerSettings.DefaultStreamsDeliveryBatchSize));

        string Count(string key, int fallback) =>
            Find(key, oursEnvironment, files) is { } found ? $"{found.Value} ({found.Source})" : string.Create(CultureInfo.InvariantCulture, $"{fallback} (default)");
    }

    /// <summary>One line for the report: the setting names as the server reads them, and their values.</summary>
    public override string ToString() =>
        $"`{ServerSettings.StreamsPullingPeriod}` {PullingPeriod}, `{ServerSettings.StreamsQueueCount}` {QueueCount}, `{ServerSettings.StreamsDeliveryBatchSize}` {DeliveryBatchSize}";

    private static (string Value, string Source)? Find(string key, IReadOnlyDictionary<string, string> oursEnvironment, IReadOnlyList<(string Name, string Path)> files)
    {
        // Configuration keys are case-insensitive; environment variable names here are not, so compare by hand.
        foreach (var (name, value) in oursEnvironment)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return (value, "set for the run");
            }
        }
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (string.Equals((string)entry.Key, key, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                return (value, "the generator's environment");
            }
        }
        var path = key.Split("__");
        foreach (var file in files)
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file.Path), JsonOptions);
                if (Property(json.RootElement, path) is { } value)
                {
                    return (value, file.Name);
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // A malformed file stops the server at start anyway; the report only moves on to the next source.
            }
        }
        return null;
    }

    private static string? Property(JsonElement element, IReadOnlyList<string> path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var found = false;
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, segment, StringComparison.OrdinalIgnoreCase))
                {
                    element = property.Value;
                    found = true;
                }
            }
            if (!found)
            {
                return null;
            }
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
    }

    private static string Milliseconds(string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var period) ? Milliseconds(period) : value;

    private static string Milliseconds(TimeSpan period) => period.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
