using System.Collections.Concurrent;

namespace OrleansChat.Tests.Support;

/// <summary>
/// Grain state held by the test, outside every silo, as a database would hold it: what a killed silo wrote stays.
/// Orleans' memory grain storage keeps state in grains, which die with their silo.
/// </summary>
internal sealed class SharedGrainStateStore
{
    private readonly ConcurrentDictionary<string, (BinaryData Data, string ETag)> _records = new(StringComparer.Ordinal);
    private long _etags;

    public bool TryRead(string key, out BinaryData data, out string etag)
    {
        if (_records.TryGetValue(key, out var record))
        {
            (data, etag) = record;
            return true;
        }
        (data, etag) = (BinaryData.Empty, "");
        return false;
    }

    /// <summary>Stores <paramref name="data"/> when the record's etag is still <paramref name="expectedETag"/> (null: absent); the new etag, or null on a mismatch.</summary>
    public string? TryWrite(string key, string? expectedETag, BinaryData data)
    {
        lock (_records)
        {
            if (CurrentETag(key) != expectedETag)
            {
                return null;
            }
            var etag = Interlocked.Increment(ref _etags).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[key] = (data, etag);
            return etag;
        }
    }

    /// <summary>Removes the record when its etag is still <paramref name="expectedETag"/>; false on a mismatch.</summary>
    public bool TryClear(string key, string? expectedETag)
    {
        lock (_records)
        {
            if (CurrentETag(key) != expectedETag)
            {
                return false;
            }
            _records.TryRemove(key, out _);
            return true;
        }
    }

    public string? CurrentETag(string key) => _records.TryGetValue(key, out var record) ? record.ETag : null;
}
