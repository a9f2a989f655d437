using Microsoft.AspNetCore.SignalR;
using OrleansChat.Bench.Peers.SignalR.Rooms;
using OrleansChat.Protocol;

namespace OrleansChat.Bench.Peers.SignalR.Hubs;

/// <summary>
/// The room chat as a plain SignalR hub: Join, Leave and Send broadcast to the room's group an event of the same shape
/// as the real server's (type, room, per-room seq, user, text, at). Clients receive events on the "event" target.
/// </summary>
public sealed class ChatHub(RoomRegistry rooms, TimeProvider time) : Hub
{
    public const string Path = "/hub";
    public const string EventTarget = "event";
    public const int MaxTextLength = 2000;
    private const string UserKey = "user";
    private const string RoomsKey = "rooms";

    public override Task OnConnectedAsync()
    {
        Context.Items[UserKey] = new ChatUser(Guid.CreateVersion7().ToString(), "peer-" + Random.Shared.Next(1_000_000));
        Context.Items[RoomsKey] = new HashSet<string>(StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public async Task<PeerRoomReply> Join(string room)
    {
        if (!RoomNames.IsValid(room))
        {
            throw new HubException("invalid_room");
        }
        var joined = JoinedRooms;
        var user = User;
        var result = rooms.Join(room, Context.ConnectionId, user, time.GetUtcNow());
        await Groups.AddToGroupAsync(Context.ConnectionId, room);
        lock (joined)
        {
            joined.Add(room);
        }
        if (result.Joined is { } evt)
        {
            await Clients.Group(room).SendAsync(EventTarget, evt);
        }
        return new PeerRoomReply(room, result.Seq, result.Members);
    }

    public async Task Leave(string room)
    {
        var joined = JoinedRooms;
        lock (joined)
        {
            if (!joined.Remove(room))
            {
                return;
            }
        }
        await LeaveCoreAsync(room);
    }

    public async Task<long> Send(string room, string text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxTextLength)
        {
            throw new HubException("bad_request");
        }
        var joined = JoinedRooms;
        lock (joined)
        {
            if (!joined.Contains(room))
            {
                throw new HubException("not_joined");
            }
        }
        var evt = rooms.Message(room, User, trimmed, time.GetUtcNow());
        await Clients.Group(room).SendAsync(EventTarget, evt);
        return evt.Seq;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        string[] left;
        var joined = JoinedRooms;
        lock (joined)
        {
            left = [.. joined];
            joined.Clear();
        }
        foreach (var room in left)
        {
            await LeaveCoreAsync(room);
        }
    }

    private ChatUser User => (ChatUser)Context.Items[UserKey]!;

    private HashSet<string> JoinedRooms => (HashSet<string>)Context.Items[RoomsKey]!;

    private async Task LeaveCoreAsync(string room)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, room);
        if (rooms.Leave(room, Context.ConnectionId, User, time.GetUtcNow()) is { } evt)
        {
            await Clients.Group(room).SendAsync(EventTarget, evt);
        }
    }
}
