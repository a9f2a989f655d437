namespace OrleansChat.Bench.Running;

/// <summary>
/// The sizes and durations of a run. <see cref="Quick"/> (the default) fits every scenario, against both servers,
/// in about ten minutes on two cores; <see cref="Full"/> measures longer and larger; <see cref="Smoke"/> only checks
/// that a scenario runs end to end (short steps, two rates, small rooms), its numbers mean little.
/// </summary>
public sealed record BenchProfile(
    string Name,
    TimeSpan WarmUp,
    TimeSpan Measure,
    TimeSpan Drain,
    IReadOnlyList<int> FanOutSizes,
    int MaxSenders,
    double StartDeliveryRate,
    int MaxSteps,
    int ChatRooms,
    int IdleConnections,
    int ClusterMembers,
    int ResumeClients,
    int ResumeMissed,
    int SlowMembers,
    double SlowDeliveryRate,
    TimeSpan SlowPhase,
    int SlowPadding,
    int BigRoomMembers,
    double BigRoomMessageRate,
    TimeSpan BigRoomMeasure,
    int ManyRooms,
    double ManyRoomsMessageRate,
    TimeSpan ManyRoomsMeasure,
    int StageRoomMembers,
    double StageDeliveryRate,
    TimeSpan StageTrace)
{
    /// <summary>The latency bound of the headline: the highest delivery rate held at p99 at most this, with no loss.</summary>
    public const double HeadlineP99Ms = 50;

    public static BenchProfile Quick { get; } = new(
        Name: "quick",
        WarmUp: TimeSpan.FromSeconds(1),
        Measure: TimeSpan.FromSeconds(2.5),
        Drain: TimeSpan.FromSeconds(2),
        FanOutSizes: [10, 100, 1000],
        MaxSenders: 10,
        StartDeliveryRate: 5_000,
        MaxSteps: 10,
        ChatRooms: 100,
        IdleConnections: 15_000,
        ClusterMembers: 100,
        ResumeClients: 50,
        ResumeMissed: 1_000,
        SlowMembers: 100,
        SlowDeliveryRate: 20_000,
        SlowPhase: TimeSpan.FromSeconds(15),
        SlowPadding: 1_900,
        BigRoomMembers: 10_000,
        BigRoomMessageRate: 10,
        BigRoomMeasure: TimeSpan.FromSeconds(10),
        ManyRooms: 2_000,
        ManyRoomsMessageRate: 1,
        ManyRoomsMeasure: TimeSpan.FromSeconds(5),
        StageRoomMembers: 100,
        StageDeliveryRate: 10_000,
        StageTrace: TimeSpan.FromSeconds(5));

    public static BenchProfile Full { get; } = Quick with
    {
        Name = "full",
        WarmUp = TimeSpan.FromSeconds(2),
        Measure = TimeSpan.FromSeconds(10),
        Drain = TimeSpan.FromSeconds(5),
        MaxSteps = 12,
        ChatRooms = 300,
        IdleConnections = 19_000,
        ClusterMembers = 300,
        ResumeClients = 200,
        SlowMembers = 200,
        SlowDeliveryRate = 40_000,
        SlowPhase = TimeSpan.FromSeconds(30),
        BigRoomMeasure = TimeSpan.FromSeconds(30),
        ManyRoomsMeasure = TimeSpan.FromSeconds(20),
        StageTrace = TimeSpan.FromSeconds(15),
    };

    public static BenchProfile Smoke { get; } = Quick with
    {
        Name = "smoke",
        WarmUp = TimeSpan.FromSeconds(0.5),
        Measure = TimeSpan.FromSeconds(1),
        Drain = TimeSpan.FromSeconds(1),
        FanOutSizes = [100],
        MaxSteps = 2,
        ChatRooms = 20,
        IdleConnections = 1_000,
        ClusterMembers = 50,
        ResumeClients = 10,
        ResumeMissed = 200,
        SlowPhase = TimeSpan.FromSeconds(5),
        BigRoomMembers = 1_000,
        BigRoomMeasure = TimeSpan.FromSeconds(2),
        ManyRooms = 200,
        ManyRoomsMeasure = TimeSpan.FromSeconds(2),
        StageTrace = TimeSpan.FromSeconds(2),
    };

    public static BenchProfile Named(string name) => name.ToLowerInvariant() switch
    {
        "quick" => Quick,
        "full" => Full,
        "smoke" => Smoke,
        _ => throw new ArgumentException($"Unknown profile '{name}' (quick, full, smoke).", nameof(name)),
    };
}
