using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>
/// Where a walk through the room listing stands: the listing position of the last room handed out (its member count,
/// last activity and name) and when the walk's first page was taken. Clients see it as an opaque string
/// (<see cref="Encode"/>); a cursor is only a position, so a forged one can show nothing it should not.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-listing-cursor")]
public sealed record RoomListingCursor(
    [property: Id(0)] DateTimeOffset WalkStarted,
    [property: Id(1)] int Members,
    [property: Id(2)] DateTimeOffset LastActivity,
    [property: Id(3)] string Room)
{
    /// <summary>The first field of every encoded cursor, so that the format can change without misreading old ones.</summary>
    private const string Version = "1";

    private const char Separator = '.';

    /// <summary>URL-safe text: <c>1.&lt;walk ticks&gt;.&lt;members&gt;.&lt;activity ticks&gt;.&lt;room&gt;</c> in base64url.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join(Separator,
            Version,
            WalkStarted.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Members.ToString(CultureInfo.InvariantCulture),
            LastActivity.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Room)));

    /// <summary>Reads what <see cref="Encode"/> wrote; false for anything else.</summary>
    public static bool TryDecode(string text, [NotNullWhen(true)] out RoomListingCursor? cursor)
    {
        cursor = null;
        // 128 characters of base64url hold 96 bytes, more than any cursor needs (two ticks, a count, a room name).
        if (text.Length > 128 || !Base64Url.IsValid(text))
        {
            return false;
        }
        var fields = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(Separator);
        if (fields is not [Version, var walk, var members, var activity, var room]
            || !TryParseTime(walk, out var walkStarted)
            || !int.TryParse(members, NumberStyles.None, CultureInfo.InvariantCulture, out var memberCount)
            || !TryParseTime(activity, out var lastActivity)
            || !RoomNames.IsValid(room))
        {
            return false;
        }
        cursor = new RoomListingCursor(walkStarted, memberCount, lastActivity, room);
        return true;
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
