using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>A user, keyed by its UUID v7 (<see cref="UserIds"/>). It persists its profile through Orleans grain storage.</summary>
[Alias("user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user on first call (random readable name), then returns it unchanged.</summary>
    [Alias("create")]
    Task<ChatUser> CreateAsync();

    /// <summary>The user, or null when no such user was ever created.</summary>
    [Alias("get")]
    Task<ChatUser?> GetAsync();

    /// <summary>Renames an existing user; the name must be valid (see <see cref="UserNames"/>).</summary>
    [Alias("rename")]
    Task<ChatUser> RenameAsync(string name);
}
