using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>
/// Source-generated JSON for the wire protocol's events, commands and replies: camelCase, absent optional fields
/// (a null <c>ref</c>, the seq of a leave's <c>ack</c>) not written.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RoomEvent))]
[JsonSerializable(typeof(ChatUser))]
[JsonSerializable(typeof(JoinCommand))]
[JsonSerializable(typeof(LeaveCommand))]
[JsonSerializable(typeof(SendCommand))]
[JsonSerializable(typeof(HistoryCommand))]
[JsonSerializable(typeof(MembersCommand))]
[JsonSerializable(typeof(RenameCommand))]
[JsonSerializable(typeof(PingCommand))]
[JsonSerializable(typeof(WelcomeReply))]
[JsonSerializable(typeof(RoomReply))]
[JsonSerializable(typeof(AckReply))]
[JsonSerializable(typeof(HistoryReply))]
[JsonSerializable(typeof(MembersReply))]
[JsonSerializable(typeof(UserReply))]
[JsonSerializable(typeof(PongReply))]
[JsonSerializable(typeof(ErrorReply))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
