namespace OrleansChat.Protocol;

/// <summary>The rule for room names: 1 to 32 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.</summary>
public static class RoomNames
{
    public const int MaxLength = 32;

    public static bool IsValid(string? room)
    {
        if (room is null || room.Length is 0 or > MaxLength || !char.IsAsciiLetterLower(room[0]) && !char.IsAsciiDigit(room[0]))
        {
            return false;
        }
        foreach (var c in room)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }
        return true;
    }
}
