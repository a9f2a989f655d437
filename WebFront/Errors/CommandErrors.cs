using Orleans.Runtime.Messaging;
using OrleansChat.Grains;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Errors;

/// <summary>
/// The one mapping from a failed grain call to the protocol's error codes, for the socket and the HTTP API
/// alike: the store or a silo out of reach, or a call that timed out, is <c>unavailable</c> (nothing was
/// done; try again); anything else is <c>internal</c> (and is logged).
/// </summary>
internal static class CommandErrors
{
    public const string UnavailableMessage = "The cluster store cannot be reached; nothing was done. Try again shortly.";
    public const string InternalMessage = "The server failed to run the command.";
    public const string NotMemberMessage = "The room no longer counts this user as a member (its presence was lost); join it again.";

    public static string CodeFor(Exception exception) => exception switch
    {
        StoreUnavailableException
            or SiloUnavailableException
            or OrleansMessageRejectionException
            or TimeoutException
            or ConnectionFailedException => ErrorCodes.Unavailable,
        NotAMemberException => ErrorCodes.NotJoined,
        AggregateException { InnerExceptions: [var inner] } => CodeFor(inner),
        // Orleans' own Redis providers (grain state, pub-sub: a join's subscription) wrap Redis being away in exceptions of theirs.
        _ when StoreFailures.IsUnavailable(exception) => ErrorCodes.Unavailable,
        _ => ErrorCodes.Internal,
    };

    public static string MessageFor(string code) => code switch
    {
        ErrorCodes.Unavailable => UnavailableMessage,
        ErrorCodes.NotJoined => NotMemberMessage,
        _ => InternalMessage,
    };
}
