using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>A user, keyed by its UUID. It persists its profile; rooms know users only by what connections tell them.</summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user on first call (random readable name), then returns it unchanged.</summary>
    Task<ChatUser> CreateAsync();

    /// <summary>The user, or null when no such user was ever created.</summary>
    Task<ChatUser?> GetAsync();

    /// <summary>Renames an existing user; the name must already be valid (see <see cref="UserNames"/>).</summary>
    Task<ChatUser> RenameAsync(string name);
}
