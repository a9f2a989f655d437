using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Parsing;

/// <summary>A frame read as a command: either a valid, normalized command or the error that refuses it.</summary>
internal readonly record struct CommandParseResult(IClientCommand? Command, ErrorReply? Error)
{
    public static CommandParseResult Ok(IClientCommand command) => new(command, null);

    public static CommandParseResult Fail(string? reference, string code, string message) => new(null, new ErrorReply(reference, code, message));
}
