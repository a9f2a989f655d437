using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Parsing;

/// <summary>
/// Reads one frame as a command and checks everything that needs no state: JSON, field types, room names,
/// text and name rules. The result is normalized (text and name trimmed, history's limit defaulted and capped).
/// The JSON depth is bounded, so a nested bomb costs no more than its bytes.
/// </summary>
internal sealed class CommandParser(int maxTextLength, int historyDefaultLimit, int historyMaxLimit)
{
    /// <summary>Commands are flat objects; a little depth is left for fields the protocol may add.</summary>
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public CommandParseResult Parse(ReadOnlyMemory<byte> frame)
    {
        if (!Utf8.IsValid(frame.Span))
        {
            return CommandParseResult.Fail(null, ErrorCodes.BadRequest, "The frame is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return CommandParseResult.Fail(null, ErrorCodes.BadRequest, $"The frame is not a JSON document: {FirstLine(exception.Message)}");
        }
        using (document)
        {
            try
            {
                return Parse(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // A string with an escaped lone surrogate cannot be read as text.
                return CommandParseResult.Fail(null, ErrorCodes.BadRequest, "The command holds a string that is not valid Unicode.");
            }
        }
    }

    private CommandParseResult Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CommandParseResult.Fail(null, ErrorCodes.BadRequest, "A command is a JSON object, such as {\"type\":\"ping\"}.");
        }
        string? reference = null;
        if (root.TryGetProperty("ref", out var refElement) && refElement.ValueKind != JsonValueKind.Null)
        {
            if (refElement.ValueKind != JsonValueKind.String)
            {
                return CommandParseResult.Fail(null, ErrorCodes.BadRequest, "'ref' must be a string.");
            }
            var given = refElement.GetString()!;
            if (given.Length > ProtocolTypes.MaxRefLength || !IsValidUtf16(given))
            {
                return CommandParseResult.Fail(null, ErrorCodes.BadRequest, $"'ref' must be a string of at most {ProtocolTypes.MaxRefLength} characters.");
            }
            reference = given;
        }
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind == JsonValueKind.Null)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, "'type' is missing.");
        }
        if (typeElement.ValueKind != JsonValueKind.String)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, "'type' must be a string.");
        }
        // The client's own strings are never echoed in messages: they may not even be writable back.
        return typeElement.GetString() switch
        {
            ProtocolTypes.Join => ParseJoin(root, reference),
            ProtocolTypes.Leave => ParseRoomOnly(root, reference, room => new LeaveCommand(room, reference)),
            ProtocolTypes.Send => ParseSend(root, reference),
            ProtocolTypes.History => ParseHistory(root, reference),
            ProtocolTypes.Members => ParseRoomOnly(root, reference, room => new MembersCommand(room, reference)),
            ProtocolTypes.Rename => ParseRename(root, reference),
            ProtocolTypes.Ping => CommandParseResult.Ok(new PingCommand(reference)),
            _ => CommandParseResult.Fail(reference, ErrorCodes.UnknownType,
                "Unknown command type; the types are join, leave, send, history, members, rename and ping."),
        };
    }

    private static CommandParseResult ParseJoin(JsonElement root, string? reference)
    {
        if (ReadRoom(root, reference, out var room) is { } roomError)
        {
            return roomError;
        }
        if (ReadInteger(root, "after", reference, 0, out var after) is { } afterError)
        {
            return afterError;
        }
        return CommandParseResult.Ok(new JoinCommand(room, after, reference));
    }

    private static CommandParseResult ParseRoomOnly(JsonElement root, string? reference, Func<string, IClientCommand> create) =>
        ReadRoom(root, reference, out var room) is { } error ? error : CommandParseResult.Ok(create(room));

    private CommandParseResult ParseSend(JsonElement root, string? reference)
    {
        if (ReadRoom(root, reference, out var room) is { } roomError)
        {
            return roomError;
        }
        if (ReadString(root, "text", reference, out var raw) is { } textError)
        {
            return textError;
        }
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, "'text' is empty.");
        }
        if (!IsValidUtf16(text))
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, "'text' is not valid Unicode.");
        }
        if (CountCharacters(text) > maxTextLength)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.TooLong, $"'text' is longer than {maxTextLength} characters.");
        }
        return CommandParseResult.Ok(new SendCommand(room, text, reference));
    }

    private CommandParseResult ParseHistory(JsonElement root, string? reference)
    {
        if (ReadRoom(root, reference, out var room) is { } roomError)
        {
            return roomError;
        }
        if (ReadInteger(root, "before", reference, long.MinValue, out var before) is { } beforeError)
        {
            return beforeError;
        }
        if (ReadInteger(root, "limit", reference, 1, out var limit) is { } limitError)
        {
            return limitError;
        }
        var capped = limit is { } given ? (int)Math.Min(given, historyMaxLimit) : historyDefaultLimit;
        return CommandParseResult.Ok(new HistoryCommand(room, before, capped, reference));
    }

    private static CommandParseResult ParseRename(JsonElement root, string? reference)
    {
        if (ReadString(root, "name", reference, out var raw) is { } nameError)
        {
            return nameError;
        }
        return UserNames.Normalize(raw) is { } name
            ? CommandParseResult.Ok(new RenameCommand(name, reference))
            : CommandParseResult.Fail(reference, ErrorCodes.BadRequest, $"'name' must be 1 to {UserNames.MaxLength} printable characters.");
    }

    private static CommandParseResult? ReadRoom(JsonElement root, string? reference, out string room)
    {
        if (ReadString(root, "room", reference, out room) is { } error)
        {
            return error;
        }
        return RoomNames.IsValid(room)
            ? null
            : CommandParseResult.Fail(reference, ErrorCodes.InvalidRoom,
                $"'room' must be 1 to {RoomNames.MaxLength} characters of a-z, 0-9, '-' and '_', starting with a letter or digit.");
    }

    private static CommandParseResult? ReadString(JsonElement root, string name, string? reference, out string value)
    {
        value = "";
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, $"'{name}' is missing.");
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, $"'{name}' must be a string.");
        }
        value = element.GetString()!;
        return null;
    }

    /// <summary>An optional integer field: absent or null gives null; a number must be an integer at or above <paramref name="minimum"/>.</summary>
    private static CommandParseResult? ReadInteger(JsonElement root, string name, string? reference, long minimum, out long? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out var integer))
            {
                value = integer;
            }
            else if (element.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue)
            {
                // 41.0 and 4.1e1 are integers too.
                value = (long)number;
            }
        }
        if (value is null)
        {
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, $"'{name}' must be an integer.");
        }
        if (value < minimum)
        {
            value = null;
            return CommandParseResult.Fail(reference, ErrorCodes.BadRequest, $"'{name}' must be at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
        }
        return null;
    }

    /// <summary>Characters as a reader counts them: Unicode scalar values, so an emoji is one.</summary>
    private static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    /// <summary>False for lone surrogates, which JSON escapes can smuggle in and which no writer can write back out.</summary>
    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
