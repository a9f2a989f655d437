namespace OrleansChat.Bench.Clients;

/// <summary>
/// Buffers reads of a socket stream, so the WebSocket's small header reads and payload reads of many frames that
/// arrived together cost one receive system call; writes pass straight through (each send is one call already).
/// The generator shares the machine with the server: fewer system calls per delivery leave the server more CPU.
/// </summary>
public sealed class ReadBufferedStream(Stream inner, int bufferBytes) : Stream
{
    private readonly byte[] _buffer = new byte[bufferBytes];
    private int _offset;
    private int _count;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_count == 0)
        {
            if (buffer.Length >= _buffer.Length)
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            _offset = 0;
            _count = await inner.ReadAsync(_buffer, cancellationToken);
            if (_count == 0)
            {
                return 0;
            }
        }
        var n = Math.Min(_count, buffer.Length);
        _buffer.AsSpan(_offset, n).CopyTo(buffer.Span);
        _offset += n;
        _count -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
