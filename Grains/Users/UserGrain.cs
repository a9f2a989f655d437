using System.Text.Json.Serialization.Metadata;
using OrleansChat.Grains.Serialization;
using OrleansChat.Runtime.EventSourcing;

namespace OrleansChat.Grains.Users;

/// <summary>A user, keyed by its UUID: created once with a random readable name, renamed on request.</summary>
internal sealed class UserGrain : JournaledGrain<UserState, UserEvent>, IUserGrain
{
    protected override JsonTypeInfo<UserState> StateTypeInfo => GrainStateJsonContext.Default.UserState;

    protected override JsonTypeInfo<UserEvent> EventTypeInfo => GrainStateJsonContext.Default.UserEvent;

    public async Task<ChatUser> CreateAsync()
    {
        if (!IsCreated)
        {
            if (!UserIds.IsValid(Key))
            {
                throw new ArgumentException($"'{Key}' is not a user id.");
            }
            var now = TimeProvider.GetUtcNow();
            var name = NameGenerator.Next();
            await CommitAsync(new UserState { Id = Key, Name = name, CreatedAt = now }, [new UserEvent(UserEvent.Created, name, now)]);
        }
        return ToChatUser();
    }

    public async Task<ChatUser?> GetAsync()
    {
        // Another silo may have renamed the user since this activation read it.
        await RefreshStateAsync();
        return IsCreated ? ToChatUser() : null;
    }

    public async Task<ChatUser> RenameAsync(string name)
    {
        var valid = UserNames.Normalize(name) ?? throw new ArgumentException($"'{name}' is not a valid name.", nameof(name));
        if (!IsCreated)
        {
            throw new InvalidOperationException($"User {Key} does not exist.");
        }
        if (valid != State.Name)
        {
            await CommitAsync(State with { Name = valid }, [new UserEvent(UserEvent.Renamed, valid, TimeProvider.GetUtcNow())]);
        }
        return ToChatUser();
    }

    protected override void OnEvent(long seq, UserEvent loggedEvent)
    {
    }

    private bool IsCreated => State.Id.Length > 0;

    private ChatUser ToChatUser() => new(State.Id, State.Name);
}
