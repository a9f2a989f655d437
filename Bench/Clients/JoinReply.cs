namespace OrleansChat.Bench.Clients;

/// <summary>
/// What a join returned: the room's seq, whether every event after <c>after</c> was still retained, how many events
/// came with it and their seqs (for the resume check), the reply's size, and the identity token of the connection.
/// </summary>
public sealed record JoinReply(long Seq, bool Recovered, IReadOnlyList<long> EventSeqs, int MessageEvents, int Bytes);
