namespace OrleansChat.Tests.Support;

/// <summary>Which build a <see cref="ChatProcess"/> runs.</summary>
internal enum ChatProcessKind
{
    /// <summary><c>OrleansChat.WebFront.dll</c>: sockets, HTTP API and a co-hosted silo.</summary>
    WebFront,

    /// <summary><c>OrleansChat.Silo.dll</c>: a headless silo, grains and no sockets.</summary>
    Silo,
}
