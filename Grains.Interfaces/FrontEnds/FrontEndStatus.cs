namespace OrleansChat.Grains;

/// <summary>The <c>status</c> values of a front end in <c>/api/cluster</c>.</summary>
public static class FrontEndStatus
{
    public const string Active = "active";

    /// <summary>Its lease ran out: its presence was dropped.</summary>
    public const string Dead = "dead";

    /// <summary>It stopped gracefully.</summary>
    public const string Left = "left";
}
