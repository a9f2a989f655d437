namespace OrleansChat.Tests.Support;

/// <summary>Which build a <see cref="ChatProcess"/> runs.</summary>
internal enum ChatProcessKind
{
    /// <summary><c>OrleansChat.WebFront.dll</c>: sockets, HTTP API and a co-hosted silo.</summary>
    WebFront,

    /// <summary><c>OrleansChat.WebFront.dll</c> with <c>Orleans__Role=Client</c>: sockets and HTTP API, an Orleans client of the silos (the split tier).</summary>
    ClientWebFront,

    /// <summary><c>OrleansChat.Silo.dll</c>: a headless silo, grains and no sockets.</summary>
    Silo,
}
