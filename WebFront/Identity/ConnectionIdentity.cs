using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Identity;

/// <summary>
/// Who a new connection is: the user its token names, when the token verifies and the user exists; else a
/// new user (its UserGrain generates the UUID v7 and a random name). Either way, with a freshly issued token.
/// </summary>
internal sealed class ConnectionIdentity(IGrainFactory grains, TokenKeyProvider keys, IOptions<IdentityOptions> options, TimeProvider timeProvider)
{
    public async Task<(ChatUser User, string Token)> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        var key = await keys.GetKeyAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        ChatUser? user = null;
        if (IdentityTokens.TryRead(token, now, options.Value.TokenLifetime, key) is { } userId)
        {
            // A token from before the store was reset names a user that no longer exists: start afresh.
            user = await grains.GetGrain<IUserGrain>(userId).GetAsync();
        }
        user ??= await grains.GetGrain<IUserGrain>(UserIds.New()).CreateAsync();
        return (user, IdentityTokens.Issue(user.Id, now, key));
    }
}
