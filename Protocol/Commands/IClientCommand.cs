namespace OrleansChat.Protocol;

/// <summary>A command a client sends; its reply echoes <see cref="Ref"/>.</summary>
public interface IClientCommand
{
    string Type { get; }

    string? Ref { get; }
}
