using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// The upgraded connection's byte stream, between Kestrel and the <see cref="WebSocket"/> that frames it.
/// <list type="bullet">
/// <item>Reading, it follows the client's frame headers and hands text frames to the WebSocket as binary ones,
/// remembering each data message's real type in <see cref="TryTakeMessageType"/>. The WebSocket would otherwise
/// fail the whole connection (1007) on invalid UTF-8; the protocol answers that frame with <c>bad_request</c> instead.</item>
/// <item>Writing, it lets one write through at a time, so that the connection's batched text frames
/// (<see cref="WriteTextFramesAsync"/>) and the WebSocket's own control frames never interleave.</item>
/// </list>
/// </summary>
internal sealed class ConnectionStream(Stream inner) : Stream
{
    private const byte OpcodeMask = 0x0F;
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<WebSocketMessageType> _messageTypes = new();
    private readonly byte[] _header = new byte[14];
    private int _headerLength;
    private int _headerNeeded = 2;
    private long _payloadRemaining;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The type the client gave the next data message, in the order the messages arrived.</summary>
    public bool TryTakeMessageType(out WebSocketMessageType type) => _messageTypes.TryDequeue(out type);

    /// <summary>Writes complete, unmasked, final text frames, one per payload, in one write.</summary>
    public async ValueTask WriteTextFramesAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(frames, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The header of a final text frame carrying <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteTextFrameHeader(Span<byte> destination, int payloadLength)
    {
        destination[0] = 0x80 | TextOpcode;
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }
        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }
        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    public const int MaxFrameHeaderLength = 10;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Inspect(buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _writeLock.Wait();
        try
        {
            inner.Write(buffer, offset, count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _writeLock.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Follows frame boundaries through what was just read, turning text opcodes into binary ones in place.</summary>
    private void Inspect(Span<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (_payloadRemaining > 0)
            {
                var skip = (int)Math.Min(_payloadRemaining, bytes.Length - i);
                i += skip;
                _payloadRemaining -= skip;
                continue;
            }
            var current = bytes[i];
            if (_headerLength == 0)
            {
                // Continuation (0) and control frames (8 and up) keep their opcode and start no message.
                switch (current & OpcodeMask)
                {
                    case TextOpcode:
                        bytes[i] = (byte)((current & ~OpcodeMask) | BinaryOpcode);
                        _messageTypes.Enqueue(WebSocketMessageType.Text);
                        break;
                    case BinaryOpcode:
                        _messageTypes.Enqueue(WebSocketMessageType.Binary);
                        break;
                }
            }
            _header[_headerLength++] = current;
            i++;
            if (_headerLength == 2)
            {
                var length7 = _header[1] & 0x7F;
                var masked = (_header[1] & 0x80) != 0;
                _headerNeeded = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            }
            if (_headerLength >= 2 && _headerLength == _headerNeeded)
            {
                var length7 = _header[1] & 0x7F;
                _payloadRemaining = length7 switch
                {
                    126 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
                    // A length with its top bit set is invalid; the WebSocket fails the connection on it.
                    127 => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)), long.MaxValue),
                    _ => length7,
                };
                _headerLength = 0;
                _headerNeeded = 2;
            }
        }
    }
}
