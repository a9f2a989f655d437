using System.Globalization;
using System.Text;

namespace OrleansChat.Protocol;

/// <summary>The rule for display names: 1 to 32 printable characters after trimming.</summary>
public static class UserNames
{
    public const int MaxLength = 32;

    /// <summary>The trimmed name when it is valid, else null.</summary>
    public static string? Normalize(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        var length = 0;
        foreach (var rune in trimmed.EnumerateRunes())
        {
            // Unpaired surrogates enumerate as the replacement character, and are refused with it.
            if (++length > MaxLength || Rune.IsControl(rune) || rune == Rune.ReplacementChar
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return null;
            }
        }
        return trimmed;
    }
}
