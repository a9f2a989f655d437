namespace OrleansChat.Runtime.Storage;

/// <summary>One event of a grain's log: its sequence number and its serialized form.</summary>
public sealed record LoggedEvent(long Seq, byte[] Data);
