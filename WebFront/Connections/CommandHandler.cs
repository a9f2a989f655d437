using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Errors;
using OrleansChat.WebFront.Feeds;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// Runs one connection's commands, one at a time: the rate limit, the grain calls, the replies. A failed
/// command is an error reply (through <see cref="CommandErrors"/>): it never closes the socket.
/// </summary>
internal sealed partial class CommandHandler : IDisposable
{
    private readonly ChatConnection _connection;
    private readonly OutboundWriter _outbound;
    private readonly ChatConnectionServices _services;
    private readonly CommandRateLimiter _rateLimiter;
    private readonly ConnectionRooms _rooms = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _stopping;

    // The command in flight (one at a time, under the gate): its type until its first reply is queued, when it started, its span.
    private string? _unanswered;
    private long _started;
    private Activity? _span;

    public CommandHandler(ChatConnection connection, OutboundWriter outbound, ChatConnectionServices services)
    {
        _connection = connection;
        _outbound = outbound;
        _services = services;
        _rateLimiter = new CommandRateLimiter(services.Options.RatePerSecond, services.Options.RateBurst);
    }

    /// <summary>The rooms the connection is in now.</summary>
    public IReadOnlyList<string> JoinedRooms => _rooms.Names;

    private IGrainFactory Grains => _services.Grains;

    private ChatMetrics Metrics => _services.Metrics;

    public async Task ExecuteAsync(IClientCommand command)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping)
            {
                return;
            }
            Begin(command);
            if (!_rateLimiter.TryAcquire())
            {
                var options = _services.Options;
                Refuse(new ErrorReply(command.Ref, ErrorCodes.RateLimited,
                    $"Too many commands: at most {options.RatePerSecond} per second (bursts of {options.RateBurst}). Nothing was done."));
                return;
            }
            await DispatchAsync(command).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var code = CommandErrors.CodeFor(exception);
            if (code == ErrorCodes.Unavailable)
            {
                LogUnavailable(_services.Logger, _connection.Id, command.Type, exception.Message);
            }
            else
            {
                LogCommandFailed(_services.Logger, _connection.Id, command.Type, exception);
            }
            Refuse(new ErrorReply(command.Ref, code, CommandErrors.MessageFor(code)));
        }
        finally
        {
            End();
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes no more commands: lets the one in flight finish (and reply), then commits the leaves of every room,
    /// so that the user stops being a member as soon as the server gives up on the socket.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping = true;
        try
        {
            if (await _gate.WaitAsync(_services.Options.CloseTimeout).ConfigureAwait(false))
            {
                _gate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile, and left its rooms as it did.
            return;
        }
        await LeaveAllAsync().ConfigureAwait(false);
    }

    /// <summary>Leaves every room the connection is in (each once, whoever asks first); failures are logged.</summary>
    public async Task LeaveAllAsync()
    {
        var members = _rooms.TakeAll();
        if (members.Count == 0)
        {
            return;
        }
        var leaving = new Task[members.Count];
        for (var i = 0; i < leaving.Length; i++)
        {
            leaving[i] = LeaveQuietlyAsync(members[i]);
        }
        await Task.WhenAll(leaving).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _rateLimiter.Dispose();
        _gate.Dispose();
    }

    private Task DispatchAsync(IClientCommand command) => command switch
    {
        JoinCommand join => JoinAsync(join),
        LeaveCommand leave => LeaveAsync(leave),
        SendCommand send => SendAsync(send),
        HistoryCommand history => HistoryAsync(history),
        MembersCommand members => MembersAsync(members),
        RenameCommand rename => RenameAsync(rename),
        PingCommand ping => PongAsync(ping),
        _ => throw new InvalidOperationException($"No handler for {command.Type}."),
    };

    private async Task JoinAsync(JoinCommand join)
    {
        var member = _rooms.Find(join.Room);
        var isNew = member is null;
        if (member is null)
        {
            var limit = _services.Options.MaxRoomsPerConnection;
            if (_rooms.Count >= limit)
            {
                Refuse(new ErrorReply(join.Ref, ErrorCodes.TooManyRooms, $"A connection may be in at most {limit} rooms at once; leave one first."));
                return;
            }
            // Attached (and subscribed) before the grain call: no event committed after the snapshot is missed.
            member = await _services.Feeds.AttachAsync(join.Room, _outbound, _connection.User.Id).ConfigureAwait(false);
            _rooms.Add(member);
        }
        else
        {
            member.Hold();
        }
        RoomSnapshot snapshot;
        try
        {
            snapshot = await member.JoinAsync(new RoomJoin(_services.FrontEnd.Id, _connection.User, join.After, _services.Options.JoinRecentEvents)).ConfigureAwait(false);
        }
        catch
        {
            if (isNew)
            {
                _rooms.Remove(join.Room);
                // The join may have been committed after all (a timeout): take the presence back if it was the user's last here.
                _ = LeaveQuietlyAsync(member);
            }
            else
            {
                member.Resume();
            }
            throw;
        }
        var reply = JsonSerializer.SerializeToUtf8Bytes(
            new RoomReply(join.Ref, join.Room, snapshot.Seq, snapshot.Members, snapshot.Events, snapshot.Recovered),
            ProtocolJsonContext.Default.RoomReply);
        // Counted before the feed queues the reply (in its place among the room's events).
        Answered(ChatMetrics.Ok);
        await member.CompleteJoinAsync(snapshot.Seq, reply).ConfigureAwait(false);
    }

    private async Task LeaveAsync(LeaveCommand leave)
    {
        // The connection forgets the room before the leave commits, so even a failed leave ends its feed.
        if (_rooms.Remove(leave.Room) is not { } member)
        {
            SendNotJoined(leave.Ref, leave.Room);
            return;
        }
        // Every event committed before the leave reaches the connection before its ack, its own last message too.
        await member.DeliverCommittedAsync().ConfigureAwait(false);
        await member.LeaveAsync().ConfigureAwait(false);
        Reply(new AckReply(leave.Ref), ProtocolJsonContext.Default.AckReply);
    }

    private async Task SendAsync(SendCommand send)
    {
        if (!_rooms.Contains(send.Room))
        {
            SendNotJoined(send.Ref, send.Room);
            return;
        }
        var seq = await Grains.GetGrain<IRoomGrain>(send.Room).SendAsync(_connection.User, send.Text).ConfigureAwait(false);
        Reply(new AckReply(send.Ref, seq), ProtocolJsonContext.Default.AckReply);
    }

    private async Task HistoryAsync(HistoryCommand history)
    {
        var events = await Grains.GetGrain<IRoomGrain>(history.Room)
            .GetHistoryAsync(history.Before ?? long.MaxValue, history.Limit ?? _services.Options.HistoryDefaultLimit).ConfigureAwait(false);
        Reply(new HistoryReply(history.Ref, history.Room, events), ProtocolJsonContext.Default.HistoryReply);
    }

    private async Task MembersAsync(MembersCommand members)
    {
        var current = await Grains.GetGrain<IRoomGrain>(members.Room).GetMembersAsync().ConfigureAwait(false);
        Reply(new MembersReply(members.Ref, members.Room, current.Members), ProtocolJsonContext.Default.MembersReply);
    }

    private async Task RenameAsync(RenameCommand rename)
    {
        var user = await Grains.GetGrain<IUserGrain>(_connection.User.Id).RenameAsync(rename.Name).ConfigureAwait(false);
        // Every connection of this user here speaks with the new name from now on, and so do their rooms.
        var rooms = _services.Connections.OnUserRenamed(user);
        var renaming = new List<Task>(rooms.Count);
        foreach (var room in rooms)
        {
            renaming.Add(Grains.GetGrain<IRoomGrain>(room).RenameMemberAsync(user));
        }
        await Task.WhenAll(renaming).ConfigureAwait(false);
        Reply(new UserReply(rename.Ref, user), ProtocolJsonContext.Default.UserReply);
    }

    private Task PongAsync(PingCommand ping)
    {
        Reply(new PongReply(ping.Ref), ProtocolJsonContext.Default.PongReply);
        return Task.CompletedTask;
    }

    /// <summary>Queues the command's reply, after its outcome is measured: a client that saw its reply finds it counted.</summary>
    private void Reply<T>(T reply, JsonTypeInfo<T> typeInfo)
    {
        Answered(ChatMetrics.Ok);
        _outbound.Send(reply, typeInfo);
    }

    /// <summary>Queues the command's error reply, after its outcome is measured.</summary>
    private void Refuse(ErrorReply error)
    {
        Answered(error.Code);
        _outbound.SendError(error);
    }

    private void SendNotJoined(string? reference, string room) =>
        Refuse(new ErrorReply(reference, ErrorCodes.NotJoined, $"This connection is not in room '{room}'; join it first."));

    /// <summary>Starts measuring a command; its span is current until <see cref="End"/>, so its grain calls carry its trace.</summary>
    private void Begin(IClientCommand command)
    {
        _unanswered = command.Type;
        _started = Stopwatch.GetTimestamp();
        _span = ChatTracing.StartCommand(command);
    }

    /// <summary>Records the command's outcome once, at its first reply.</summary>
    private void Answered(string result)
    {
        if (_unanswered is not { } type)
        {
            return;
        }
        _unanswered = null;
        Metrics.CommandAnswered(type, result, Stopwatch.GetElapsedTime(_started));
        ChatTracing.Answered(_span, result);
    }

    private void End()
    {
        _unanswered = null;
        _span?.Dispose();
        _span = null;
    }

    private async Task LeaveQuietlyAsync(FeedMember member)
    {
        try
        {
            await member.LeaveAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogLeaveFailed(_services.Logger, _connection.Id, member.Room, exception);
        }
    }
}
