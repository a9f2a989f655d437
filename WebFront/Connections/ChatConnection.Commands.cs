using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansChat.Grains;
using OrleansChat.Grains.Protocol;
using OrleansChat.WebFront.Metrics;
using OrleansChat.WebFront.Protocol;

namespace OrleansChat.WebFront.Connections;

/// <summary>The protocol commands and their replies.</summary>
internal sealed partial class ChatConnection
{
    private Task ExecuteAsync(IClientCommand command) => command switch
    {
        JoinCommand join => JoinAsync(join),
        LeaveCommand leave => LeaveAsync(leave),
        SendCommand send => SendAsync(send),
        HistoryCommand history => HistoryAsync(history),
        MembersCommand members => MembersAsync(members),
        RenameCommand rename => RenameAsync(rename),
        PingCommand ping => Reply(new PongReply(ping.Ref), ProtocolJsonContext.Default.PongReply),
        _ => throw new InvalidOperationException($"No handler for {command.Type}."),
    };

    private async Task JoinAsync(JoinCommand join)
    {
        RoomSubscription? room;
        bool isNew;
        lock (_gate)
        {
            isNew = !_rooms.TryGetValue(join.Room, out room);
            if (isNew && _rooms.Count >= _options.MaxRoomsPerConnection)
            {
                room = null;
            }
            else
            {
                if (isNew)
                {
                    room = new RoomSubscription();
                    _rooms[join.Room] = room;
                }
                room!.Joining = true;
            }
        }
        if (room is null)
        {
            SendError(new ErrorReply(join.Ref, ErrorCodes.TooManyRooms,
                $"A connection may be in at most {_options.MaxRoomsPerConnection} rooms at once; leave one first."));
            return;
        }
        RoomSnapshot snapshot;
        var started = ChatMetrics.Start();
        try
        {
            snapshot = await _services.Grains.GetGrain<IRoomGrain>(join.Room)
                .JoinAsync(new RoomJoin(User, Id, this, join.After, _options.JoinRecentEvents));
        }
        catch
        {
            lock (_gate)
            {
                if (isNew)
                {
                    _rooms.Remove(join.Room);
                }
                else
                {
                    ReleaseHeldLocked(room, null, long.MaxValue);
                }
            }
            throw;
        }
        _metrics.Committed(ProtocolTypes.Join, Stopwatch.GetElapsedTime(started));
        var reply = Serialize(new RoomReply(join.Ref, join.Room, snapshot.Seq, snapshot.Members, snapshot.Events, snapshot.Recovered), ProtocolJsonContext.Default.RoomReply);
        lock (_gate)
        {
            ReleaseHeldLocked(room, reply, snapshot.Seq);
        }
    }

    /// <summary>
    /// Ends a join: events held up to <paramref name="seq"/> (a joined connection's feed went on meanwhile), then
    /// the reply, then the events above it.
    /// </summary>
    private void ReleaseHeldLocked(RoomSubscription room, byte[]? reply, long seq)
    {
        foreach (var held in room.Held)
        {
            if (held.Event.Seq <= seq)
            {
                EnqueueLocked(held.Json);
            }
        }
        if (reply is not null)
        {
            EnqueueLocked(reply);
        }
        foreach (var held in room.Held)
        {
            if (held.Event.Seq > seq)
            {
                EnqueueLocked(held.Json);
            }
        }
        room.Held.Clear();
        room.Joining = false;
    }

    private async Task LeaveAsync(LeaveCommand leave)
    {
        if (!IsJoined(leave.Room))
        {
            SendNotJoined(leave.Ref, leave.Room);
            return;
        }
        var started = ChatMetrics.Start();
        try
        {
            await _services.Grains.GetGrain<IRoomGrain>(leave.Room).LeaveAsync(Id);
        }
        finally
        {
            // The room forgets the connection before it commits, so even a failed leave ends the feed.
            lock (_gate)
            {
                _rooms.Remove(leave.Room);
            }
        }
        _metrics.Committed(ProtocolTypes.Leave, Stopwatch.GetElapsedTime(started));
        await Reply(new AckReply(leave.Ref), ProtocolJsonContext.Default.AckReply);
    }

    private async Task SendAsync(SendCommand send)
    {
        if (!IsJoined(send.Room))
        {
            SendNotJoined(send.Ref, send.Room);
            return;
        }
        var started = ChatMetrics.Start();
        var seq = await _services.Grains.GetGrain<IRoomGrain>(send.Room).SendAsync(User, send.Text);
        _metrics.Committed(ProtocolTypes.Send, Stopwatch.GetElapsedTime(started));
        await Reply(new AckReply(send.Ref, seq), ProtocolJsonContext.Default.AckReply);
    }

    private async Task HistoryAsync(HistoryCommand history)
    {
        var events = await _services.Grains.GetGrain<IRoomGrain>(history.Room)
            .GetHistoryAsync(history.Before ?? long.MaxValue, history.Limit ?? _options.HistoryDefaultLimit);
        await Reply(new HistoryReply(history.Ref, history.Room, events), ProtocolJsonContext.Default.HistoryReply);
    }

    private async Task MembersAsync(MembersCommand members)
    {
        var current = await _services.Grains.GetGrain<IRoomGrain>(members.Room).GetMembersAsync();
        await Reply(new MembersReply(members.Ref, members.Room, current.Members), ProtocolJsonContext.Default.MembersReply);
    }

    private async Task RenameAsync(RenameCommand rename)
    {
        var started = ChatMetrics.Start();
        var user = await _services.Grains.GetGrain<IUserGrain>(User.Id).RenameAsync(rename.Name);
        _metrics.Committed(ProtocolTypes.Rename, Stopwatch.GetElapsedTime(started));
        // Every tab of this user on this silo speaks with the new name from now on, and so do its rooms.
        foreach (var room in _services.Connections.OnUserRenamed(user))
        {
            await _services.Grains.GetGrain<IRoomGrain>(room).RenameMemberAsync(user);
        }
        await Reply(new UserReply(rename.Ref, user), ProtocolJsonContext.Default.UserReply);
    }

    /// <summary>The rooms this connection is in now.</summary>
    public IReadOnlyList<string> JoinedRooms
    {
        get
        {
            lock (_gate)
            {
                return [.. _rooms.Keys];
            }
        }
    }

    private bool IsJoined(string room)
    {
        lock (_gate)
        {
            return _rooms.ContainsKey(room);
        }
    }

    private void SendNotJoined(string? reference, string room) =>
        SendError(new ErrorReply(reference, ErrorCodes.NotJoined, $"This connection is not in room '{room}'; join it first."));

    private void SendError(ErrorReply error)
    {
        _metrics.Error(error.Code);
        Enqueue(Serialize(error, ProtocolJsonContext.Default.ErrorReply));
    }

    private Task Reply<T>(T reply, JsonTypeInfo<T> typeInfo)
    {
        Enqueue(Serialize(reply, typeInfo));
        return Task.CompletedTask;
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    private async Task LeaveAllRoomsAsync()
    {
        string[] rooms;
        lock (_gate)
        {
            if (_rooms.Count == 0)
            {
                return;
            }
            rooms = [.. _rooms.Keys];
            _rooms.Clear();
        }
        foreach (var room in rooms)
        {
            try
            {
                var started = ChatMetrics.Start();
                await _services.Grains.GetGrain<IRoomGrain>(room).LeaveAsync(Id);
                _metrics.Committed(ProtocolTypes.Leave, Stopwatch.GetElapsedTime(started));
            }
            catch (Exception exception)
            {
                LogLeaveFailed(_logger, Id, room, exception);
            }
        }
    }
}
