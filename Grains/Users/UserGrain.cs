using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.Grains.Users;

/// <summary>A user, keyed by its UUID v7: created once with a random readable name, renamed on request.</summary>
[GrainType("user")]
internal sealed class UserGrain(
    [PersistentState("user", ChatStorage.Name)] IPersistentState<UserState> state,
    TimeProvider timeProvider) : Grain, IUserGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<ChatUser> CreateAsync()
    {
        if (!state.RecordExists)
        {
            if (!UserIds.IsValid(Id))
            {
                throw new ArgumentException($"'{Id}' is not a user id.");
            }
            state.State = new UserState { Name = NameGenerator.Next(), CreatedAt = timeProvider.GetUtcNow() };
            await state.WriteOrUnavailableAsync();
        }
        return ToChatUser();
    }

    public Task<ChatUser?> GetAsync() => Task.FromResult(state.RecordExists ? ToChatUser() : null);

    public async Task<ChatUser> RenameAsync(string name)
    {
        var valid = UserNames.Normalize(name) ?? throw new ArgumentException($"'{name}' is not a valid name.", nameof(name));
        if (!state.RecordExists)
        {
            throw new InvalidOperationException($"User {Id} does not exist.");
        }
        if (valid != state.State.Name)
        {
            var previous = (state.State.Name, state.State.RenamedAt);
            state.State.Name = valid;
            state.State.RenamedAt = timeProvider.GetUtcNow();
            try
            {
                await state.WriteOrUnavailableAsync();
            }
            catch
            {
                // Refused renames leave the user as it was.
                (state.State.Name, state.State.RenamedAt) = previous;
                throw;
            }
        }
        return ToChatUser();
    }

    private ChatUser ToChatUser() => new(Id, state.State.Name);
}
