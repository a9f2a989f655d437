using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;
using OrleansChat.Tests.WebFront;
using static Microsoft.Playwright.Assertions;

namespace OrleansChat.Tests.Browser;

/// <summary>The browser UI served at <c>/</c>, driven in Chromium against a real WebFront.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChatUiTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Room_TwoBrowsers_SeeEachOthersJoinMessagesLeaveAndMembers()
    {
        const string Room = "ui-two-browsers";
        await using var alice = await fixture.NewPageAsync();
        await alice.OpenAsync(fixture.Server, Room);
        var aliceName = await alice.NameAsync();
        await using var bob = await fixture.NewPageAsync();
        await bob.OpenAsync(fixture.Server, Room);
        var bobName = await bob.NameAsync();

        // Each sees the other's join and both in the member list.
        await Expect(alice.Notice("joined", bobName)).ToBeVisibleAsync();
        await Expect(bob.Notice("joined", aliceName)).ToBeVisibleAsync();
        await Expect(alice.Member(bobName)).ToBeVisibleAsync();
        await Expect(bob.Member(aliceName)).ToBeVisibleAsync();
        await Expect(alice.MemberCount).ToHaveTextAsync("2");

        // Messages both ways, with author and local time; one's own are set apart.
        await alice.SendAsync("Hello Bob, how are you?");
        await bob.ExpectMessageAsync("Hello Bob, how are you?");
        await Expect(bob.GroupOf("Hello Bob, how are you?").Locator(".author")).ToHaveTextAsync(aliceName);
        await Expect(bob.GroupOf("Hello Bob, how are you?")).Not.ToHaveClassAsync(OwnGroup());
        await Expect(alice.GroupOf("Hello Bob, how are you?")).ToHaveClassAsync(OwnGroup());

        await bob.SendAsync("Fine, thanks!\nAnd you?");
        await alice.ExpectMessageAsync("Fine, thanks!\nAnd you?");
        await Expect(alice.GroupOf("Fine, thanks!\nAnd you?").Locator(".author")).ToHaveTextAsync(bobName);

        // Bob leaves with the button: Alice sees the notice and the member list shrinks.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = $"Leave #{Room}", Exact = true }).First.ClickAsync();
        await Expect(alice.Notice("left", bobName)).ToBeVisibleAsync();
        await Expect(alice.Member(bobName)).ToHaveCountAsync(0);
        await Expect(alice.MemberCount).ToHaveTextAsync("1");

        // Bob comes back by typing the name; then Alice closes her tab and Bob sees her leave.
        await bob.Page.GetByLabel("Join or create a room").FillAsync(Room);
        await bob.Page.GetByLabel("Join or create a room").PressAsync("Enter");
        await Expect(alice.Notice("joined", bobName)).ToHaveCountAsync(2);
        await Expect(alice.MemberCount).ToHaveTextAsync("2");
        await alice.DisposeAsync();
        await Expect(bob.Notice("left", aliceName)).ToBeVisibleAsync();
        await Expect(bob.Member(aliceName)).ToHaveCountAsync(0);
        await Expect(bob.MemberCount).ToHaveTextAsync("1");

        Assert.Empty(bob.Errors);
    }

    [Fact]
    public async Task Message_WithMarkup_ShowsAsTextAndRunsNothing()
    {
        const string Room = "ui-markup";
        const string Payload = "<img src=x onerror=alert(1)>";
        const string NamePayload = "<b onclick=alert(2)>bob</b>";
        await using var alice = await fixture.NewPageAsync();
        await using var bob = await fixture.NewPageAsync();
        var dialogs = 0;
        foreach (var page in new[] { alice.Page, bob.Page })
        {
            page.Dialog += (_, dialog) =>
            {
                Interlocked.Increment(ref dialogs);
                _ = dialog.DismissAsync();
            };
        }

        await alice.OpenAsync(fixture.Server, Room);
        await bob.OpenAsync(fixture.Server, Room);

        // Bob takes a name with markup in it, in place, then both send markup.
        await bob.MyName.ClickAsync();
        await bob.Page.GetByLabel("Your name", new() { Exact = true }).FillAsync(NamePayload);
        await bob.Page.GetByLabel("Your name", new() { Exact = true }).PressAsync("Enter");
        await Expect(bob.MyName).ToHaveTextAsync(NamePayload);
        await bob.SendAsync(Payload);
        await alice.SendAsync(Payload + " <script>alert(3)</script>");

        await alice.ExpectMessageAsync(Payload);
        await bob.ExpectMessageAsync(Payload + " <script>alert(3)</script>");
        await Expect(alice.GroupOf(Payload).Locator(".author")).ToHaveTextAsync(NamePayload);
        foreach (var page in new[] { alice, bob })
        {
            // The markup is text: no element was made from it anywhere on the page.
            await Expect(page.Page.Locator("main img, main script, main b, #member-list b")).ToHaveCountAsync(0);
            Assert.Empty(page.Errors);
        }

        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task Socket_CutByServer_PageReconnectsAndShowsMissedMessagesInOrder()
    {
        const string Room = "ui-reconnect";
        await using var page = await fixture.NewPageAsync();
        await page.OpenAsync(fixture.Server, Room);
        await using var peer = await PeerAsync(fixture.SharedServer, "peer-pat", Room);
        await SayAsync(peer, Room, "before the cut");
        await page.ExpectMessageAsync("before the cut");

        var cut = fixture.AbortConnections(await page.UserIdAsync());
        Assert.Equal(1, cut);
        await Expect(page.Status).ToHaveAttributeAsync("data-state", "offline");
        await Expect(page.Status).ToContainTextAsync("Offline");
        for (var i = 1; i <= 3; i++)
        {
            await SayAsync(peer, Room, $"while away {i}");
        }

        await Expect(page.Status).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 10_000 });
        await page.ExpectMessageAsync("while away 3");
        await Expect(page.Timeline.Locator(".bubble .text")).ToHaveTextAsync(
            ["before the cut", "while away 1", "while away 2", "while away 3"]);
        await Expect(page.Timeline.Locator(".gap")).ToHaveCountAsync(0);

        // Every event shows once, in seq order, with no hole.
        var seqs = await page.Timeline.Locator("[data-seq]").EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))");
        Assert.Equal(Enumerable.Range(1, seqs.Length).Select(i => (long)i), seqs);

        // And it is live again.
        await SayAsync(peer, Room, "after the cut");
        await page.ExpectMessageAsync("after the cut");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task History_ScrollToTop_LoadsOlderMessagesInOrder()
    {
        const string Room = "ui-history";
        const int Count = 120;
        await using var peer = await PeerAsync(fixture.SharedServer, "archivist", Room);
        // Straight to the room grain: the socket's rate limit would make 120 sends take seconds.
        var grain = fixture.SharedServer.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(Room);
        var author = new ChatUser(peer.UserId, "archivist");
        for (var i = 1; i <= Count; i++)
        {
            await grain.SendAsync(author, $"note {i}");
        }

        await using var page = await fixture.NewPageAsync();
        await page.OpenAsync(fixture.Server, Room);
        var bubbles = page.Timeline.Locator(".bubble .text");
        // The join shows the 50 most recent events: the page's own join and 49 messages.
        await Expect(bubbles).ToHaveCountAsync(49);
        await Expect(page.Timeline.GetByText($"This is the start of #{Room}")).ToHaveCountAsync(0);

        // Each scroll to the top fetches one older page, keeping the view where it was.
        await page.Timeline.EvaluateAsync("el => el.scrollTo(0, 0)");
        await Expect(bubbles).ToHaveCountAsync(99);
        await Expect(page.Message("note 22")).Not.ToBeInViewportAsync();
        await page.Timeline.EvaluateAsync("el => el.scrollTo(0, 0)");
        await Expect(bubbles).ToHaveCountAsync(Count);
        await Expect(page.Timeline.GetByText($"This is the start of #{Room}")).ToBeVisibleAsync();
        await Expect(bubbles).ToHaveTextAsync(Enumerable.Range(1, Count).Select(i => $"note {i}").ToArray());
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Browse_ManyRooms_LoadMoreShowsTheNextPageAndOnlyRoomsWithMembersHaveTheOnlineDot()
    {
        // A server of its own, so that Browse holds only this test's rooms.
        await using var server = await BrowserFixture.StartServerAsync();
        await using var host = await PeerAsync(server, "host-hana", "lively");
        // 60 rooms someone joined and left: listed, without members. Straight to the room grains: the socket's rate
        // limit would make 120 commands take seconds.
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var visitor = new ChatUser(host.UserId, "host-hana");
        var emptied = Enumerable.Range(1, 60).Select(i => $"emptied-{i:D2}").ToList();
        foreach (var room in emptied)
        {
            await grains.GetGrain<IRoomGrain>(room).JoinAsync(new RoomJoin(server.FrontEndId, visitor, After: null, Recent: 0));
            await grains.GetGrain<IRoomGrain>(room).LeaveAsync(server.FrontEndId, visitor.Id);
        }
        // The listing's order comes from the directory, which hears of each commit in the background.
        var directory = grains.GetGrain<IRoomDirectoryGrain>(0);
        await Eventually.MatchesAsync(
            async () => (await directory.ListAsync(RoomListingPage.MaxLimit, null)).Rooms,
            rooms => emptied.All(e => rooms.Any(r => r.Room == e && r.Seq == 2)));

        await using var page = await fixture.NewPageAsync();
        await page.OpenAsync(server.BaseUri, "lobby");
        var browse = page.Page.Locator("#other-rooms .room-item");
        var more = page.Page.Locator("#browse-more");

        // The first page of 50 holds the page's own room (under "Your rooms"), the occupied room first, then 48 emptied ones.
        await Expect(browse).ToHaveCountAsync(49);
        await Expect(page.Page.Locator("#browse-count")).ToHaveTextAsync("49+");
        await Expect(browse.First).ToHaveAttributeAsync("data-room", "lively");
        await Expect(browse.First.Locator(".room-count")).ToHaveTextAsync("1");
        await Expect(browse.First.Locator(".presence-dot")).ToHaveCountAsync(1);
        await Expect(browse.Nth(1).Locator(".room-count")).ToHaveTextAsync("0");
        await Expect(page.Page.Locator("#other-rooms .presence-dot")).ToHaveCountAsync(1);

        await more.ClickAsync();

        await Expect(browse).ToHaveCountAsync(61);
        await Expect(more).ToBeHiddenAsync();
        await Expect(page.Page.Locator("#browse-count")).ToHaveTextAsync("61");
        var shown = await browse.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.room)");
        Assert.Equal(["lively", .. emptied.Order(StringComparer.Ordinal)], [shown[0], .. shown.Skip(1).Order(StringComparer.Ordinal)]);
        await Expect(page.Page.Locator("#other-rooms .presence-dot")).ToHaveCountAsync(1);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task MainScreen_DesktopAndPhone_ScreenshotsWritten()
    {
        // A server of its own, so the room list shows only this scene.
        await using var server = await BrowserFixture.StartServerAsync();
        await using var ava = await PeerAsync(server, "ava-lin", "design", "random", "general");
        await using var ben = await PeerAsync(server, "ben-okafor", "ops", "general");
        await SayAsync(ava, "general", "Morning! Did anyone try the new reaper on staging?");
        await SayAsync(ben, "general", "Yes. A killed silo's members are gone in about ten seconds.");
        await SayAsync(ben, "general", "Nobody saw a gap in their timeline either.");

        await using var desktop = await fixture.NewPageAsync(new() { Width = 1280, Height = 800 });
        await desktop.OpenAsync(server.BaseUri, "general");
        await using var phone = await fixture.NewPageAsync(new() { Width = 390, Height = 844 }, phone: true);
        await phone.OpenAsync(server.BaseUri, "general");
        await desktop.SendAsync("Nice. I'll write it up for the README.");
        await SayAsync(ava, "general", "Thanks, that helps a lot.");
        await phone.SendAsync("Looks great on my phone too.");
        await desktop.ExpectMessageAsync("Looks great on my phone too.");
        await phone.ExpectMessageAsync("Looks great on my phone too.");

        var shots = new[] { Artifacts.PathOf("ui-desktop.png"), Artifacts.PathOf("ui-phone.png"), Artifacts.PathOf("ui-desktop-dark.png") };
        await desktop.Page.ScreenshotAsync(new() { Path = shots[0], Animations = ScreenshotAnimations.Disabled });
        await phone.Page.ScreenshotAsync(new() { Path = shots[1], Animations = ScreenshotAnimations.Disabled });
        await desktop.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await desktop.Page.ScreenshotAsync(new() { Path = shots[2], Animations = ScreenshotAnimations.Disabled });
        foreach (var shot in shots)
        {
            Assert.True(new FileInfo(shot).Length > 10_000, $"{shot} looks empty");
        }

        Assert.Empty(desktop.Errors);
        Assert.Empty(phone.Errors);
    }

    private static System.Text.RegularExpressions.Regex OwnGroup() => new(@"\bown\b");

    /// <summary>Another user on a plain WebSocket, renamed and in the given rooms.</summary>
    private static async Task<ProtocolClient> PeerAsync(WebFrontServer server, string name, params string[] rooms)
    {
        var peer = await server.ConnectAsync();
        AssertReply("user", await peer.RequestAsync(new JsonObject { ["type"] = "rename", ["name"] = name }));
        foreach (var room in rooms)
        {
            AssertReply("room", await peer.JoinAsync(room));
        }

        return peer;
    }

    /// <summary>Sends a message and waits for its ack, so it is committed before the test goes on.</summary>
    private static async Task SayAsync(ProtocolClient peer, string room, string text) =>
        AssertReply("ack", await peer.SendMessageAsync(room, text));

    private static void AssertReply(string type, System.Text.Json.JsonElement reply) =>
        Assert.True(reply.GetProperty("type").GetString() == type, $"expected {type}, got {reply}");
}
