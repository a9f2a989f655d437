using OrleansChat.Protocol;

namespace OrleansChat.Grains.Serialization;

/// <summary>How Orleans carries <see cref="ChatUser"/>, a wire record of the Protocol project (which references nothing).</summary>
[GenerateSerializer, Alias("chat-user")]
public readonly record struct ChatUserSurrogate([property: Id(0)] string Id, [property: Id(1)] string Name);

[RegisterConverter]
public sealed class ChatUserSurrogateConverter : IConverter<ChatUser, ChatUserSurrogate>
{
    public ChatUser ConvertFromSurrogate(in ChatUserSurrogate surrogate) => new(surrogate.Id, surrogate.Name);

    public ChatUserSurrogate ConvertToSurrogate(in ChatUser value) => new(value.Id, value.Name);
}
