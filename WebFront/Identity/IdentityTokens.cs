using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Identity;

/// <summary>
/// Identity tokens: <c>base64url(version | user id (16 bytes) | issued at (Unix ms) | HMAC-SHA256 of the rest)</c>.
/// Opaque to clients; a token that does not verify under this cluster's key, or has expired, names nobody.
/// </summary>
internal static class IdentityTokens
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 8;
    private const int TokenLength = PayloadLength + HMACSHA256.HashSizeInBytes;

    /// <summary>Tokens issued this far in the future (clock skew between silos) are still accepted.</summary>
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    public static string Issue(string userId, DateTimeOffset issuedAt, byte[] key)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = Version;
        Guid.ParseExact(userId, "D").TryWriteBytes(token.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(17, 8), issuedAt.ToUnixTimeMilliseconds());
        HMACSHA256.HashData(key, token[..PayloadLength], token[PayloadLength..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The user id the token names, or null when it is malformed, forged, foreign or expired.</summary>
    public static string? TryRead(string? token, DateTimeOffset now, TimeSpan lifetime, byte[] key)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2 * TokenLength)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[TokenLength + 3];
        if (Base64Url.DecodeFromChars(token, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != token.Length || written != TokenLength || bytes[0] != Version)
        {
            return null;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes[..PayloadLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(PayloadLength, HMACSHA256.HashSizeInBytes)))
        {
            return null;
        }
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(17, 8)), 0, 253402300799999));
        if (issuedAt > now + AllowedSkew || now - issuedAt > lifetime)
        {
            return null;
        }
        var userId = new Guid(bytes.Slice(1, 16), bigEndian: true).ToString();
        return UserIds.IsValid(userId) ? userId : null;
    }
}
