namespace OrleansChat.Tests.Support;

/// <summary>Room names of a test's own, so that tests sharing a cluster never meet in a room.</summary>
internal static class TestRooms
{
    /// <summary>A valid room name (see <c>RoomNames</c>) that starts with <paramref name="prefix"/> and no other test uses.</summary>
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];
}
