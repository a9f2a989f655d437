namespace OrleansChat.Runtime;

/// <summary>The identity of a grain: its registered type name and its key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
