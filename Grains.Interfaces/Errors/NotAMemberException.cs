namespace OrleansChat.Grains;

/// <summary>
/// A send from a user the room does not count as a member (its presence was dropped, e.g. its front end was cut off
/// from the cluster long enough for its lease to run out). Nothing was committed; front ends answer <c>not_joined</c>.
/// </summary>
[GenerateSerializer, Alias("not-a-member")]
public sealed class NotAMemberException : Exception
{
    public NotAMemberException()
    {
    }

    public NotAMemberException(string message) : base(message)
    {
    }

    public NotAMemberException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
