namespace OrleansChat.Protocol;

/// <summary>User ids are UUIDs (version 7, so that they sort by creation time), written in their canonical form.</summary>
public static class UserIds
{
    /// <summary>A fresh id for a user that is about to be created.</summary>
    public static string New() => Guid.CreateVersion7().ToString();

    /// <summary>Whether <paramref name="id"/> is a UUID in canonical form.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: 36 } && Guid.TryParseExact(id, "D", out var parsed) && parsed.ToString() == id;
}
