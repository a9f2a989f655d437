using System.Text.Json;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Redis;

/// <summary>The cluster as a WebFront's <c>/api/cluster</c> shows it (Orleans' membership, from that silo's view).</summary>
internal static class ClusterApi
{
    /// <summary>Every silo the membership lists, with its <c>id</c>, <c>address</c> and <c>status</c>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> SilosAsync(ChatProcess webFront, CancellationToken cancellationToken = default)
    {
        using var json = JsonDocument.Parse(await webFront.Http.GetStringAsync("/api/cluster", cancellationToken));
        return [.. json.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.Clone())];
    }

    /// <summary>Waits until <paramref name="webFront"/> lists <paramref name="siloId"/> with <paramref name="status"/> (<c>active</c>, <c>dead</c>, ...).</summary>
    public static async Task WaitForStatusAsync(ChatProcess webFront, string siloId, string status, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var silos = await SilosAsync(webFront, deadline.Token);
                if (silos.Any(s => s.GetProperty("id").GetString() == siloId && s.GetProperty("status").GetString() == status))
                {
                    return;
                }
                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{webFront.Name} never listed silo {siloId} as {status}.");
        }
    }
}
