using System.Buffers.Text;
using System.Text;
using OrleansChat.Grains;

namespace OrleansChat.Tests.Grains;

/// <summary>The listing cursor's text form, which clients hand back as <c>/api/rooms?cursor=</c>.</summary>
[Trait("Category", "Unit")]
public sealed class RoomListingCursorTests
{
    [Fact]
    public void TryDecode_EncodedCursor_SameCursor()
    {
        var cursor = new RoomListingCursor(
            new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1234567), 3, new DateTimeOffset(2026, 2, 27, 23, 59, 59, 999, TimeSpan.Zero), "general_2-b");

        var text = cursor.Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.True(RoomListingCursor.TryDecode(text, out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("====")]
    [InlineData("2.1.0.1.general")]
    [InlineData("1.1.0.1")]
    [InlineData("1.1.0.1.general.more")]
    [InlineData("1.x.0.1.general")]
    [InlineData("1.1.-1.1.general")]
    [InlineData("1.1.0.99999999999999999999.general")]
    [InlineData("1.1.0.1.Not-A-Room")]
    public void TryDecode_AnythingElse_False(string fields)
    {
        // Garbage as it arrives, and well-formed base64url around wrong fields.
        var encoded = Base64Url.EncodeToString(Encoding.ASCII.GetBytes(fields));

        Assert.False(RoomListingCursor.TryDecode(fields, out _));
        Assert.False(RoomListingCursor.TryDecode(encoded, out _));
    }

    [Fact]
    public void TryDecode_Oversized_False()
    {
        Assert.False(RoomListingCursor.TryDecode(new string('A', 4096), out _));
    }
}
