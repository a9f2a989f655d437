using System.Text.Json;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Redis;

/// <summary>Reading room events as a client sees them: their fields, and a room's whole log through the HTTP API.</summary>
internal static class RoomEvents
{
    public static long Seq(this JsonElement frame) => frame.GetProperty("seq").GetInt64();

    public static string Type(this JsonElement frame) => frame.GetProperty("type").GetString()!;

    public static string UserId(this JsonElement frame) => frame.GetProperty("user").GetProperty("id").GetString()!;

    public static string Text(this JsonElement frame) => frame.GetProperty("text").GetString()!;

    /// <summary>Whether <paramref name="frame"/> is the <c>left</c> of <paramref name="userId"/> in <paramref name="room"/>.</summary>
    public static bool IsLeft(this JsonElement frame, string room, string userId) =>
        frame.Type() == "left" && frame.GetProperty("room").GetString() == room && frame.UserId() == userId;

    /// <summary>Every event the room keeps, oldest first, paged through <c>/api/rooms/{room}/history</c>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadLogAsync(ChatProcess webFront, string room)
    {
        var pages = new List<List<JsonElement>>();
        var before = long.MaxValue;
        while (true)
        {
            var query = before == long.MaxValue ? "limit=200" : $"limit=200&before={before}";
            using var json = JsonDocument.Parse(await webFront.Http.GetStringAsync($"/api/rooms/{room}/history?{query}"));
            var page = json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToList();
            if (page.Count == 0)
            {
                break;
            }
            pages.Add(page);
            before = page[0].Seq();
            if (before == 1)
            {
                break;
            }
        }
        pages.Reverse();
        return [.. pages.SelectMany(p => p)];
    }

    /// <summary><paramref name="from"/>, ..., <paramref name="to"/>: the seqs a client must see, each once, in order.</summary>
    public static IEnumerable<long> Consecutive(long from, long to)
    {
        for (var seq = from; seq <= to; seq++)
        {
            yield return seq;
        }
    }
}
