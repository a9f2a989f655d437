using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansChat.Tests.Browser;

/// <summary>The chat page as a user sees it, in one browser context (one identity).</summary>
internal sealed partial class ChatPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly List<string> _errors = [];
    private int _closed;

    public ChatPage(IBrowserContext context, IPage page)
    {
        _context = context;
        _page = page;
        page.PageError += (_, error) => { lock (_errors) { _errors.Add(error); } };
        page.Console += (_, message) =>
        {
            // A socket the server cut is expected in some tests; anything else (a CSP refusal, a failed module) is not.
            if (message.Type == "error" && !message.Text.Contains("WebSocket", StringComparison.Ordinal))
            {
                lock (_errors) { _errors.Add(message.Text); }
            }
        };
    }

    public IPage Page => _page;

    /// <summary>Uncaught script errors and console errors of the page so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) { return [.. _errors]; } }
    }

    public ILocator Status => _page.Locator("#conn-status");

    /// <summary>The timeline of the open room.</summary>
    public ILocator Timeline => _page.Locator(".timeline:not([hidden])");

    public ILocator MemberNames => _page.Locator("#member-list .member-name");

    public ILocator MemberCount => _page.Locator("#members-count");

    public ILocator ComposerError => _page.Locator("#composer-error");

    public ILocator Input => _page.Locator("#message-input");

    public ILocator MyName => _page.Locator("#me-name");

    /// <summary>Opens the page at a room link and waits until the room is joined.</summary>
    public async Task OpenAsync(Uri server, string room)
    {
        await _page.GotoAsync(new Uri(server, "/#" + room).ToString());
        await Expect(Status).ToHaveAttributeAsync("data-state", "online");
        await Expect(_page.Locator("#room-name-text")).ToHaveTextAsync(room);
        await Expect(MyName).Not.ToHaveTextAsync("…");
        // The join reply holds the joiner's own `joined`: once it shows, the room is live.
        await Expect(Notice("joined", await NameAsync()).Last).ToBeVisibleAsync();
    }

    public async Task<string> NameAsync() => await MyName.TextContentAsync() ?? "";

    public async Task<string> UserIdAsync() => await MyName.GetAttributeAsync("data-user-id") ?? "";

    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await Input.PressAsync("Enter");
    }

    /// <summary>The message bubble whose text is exactly <paramref name="text"/>.</summary>
    public ILocator Message(string text) => Timeline.Locator(Bubble(text));

    /// <summary>The author group (header, avatar, bubbles) that holds a message.</summary>
    public ILocator GroupOf(string text) =>
        Timeline.Locator(".group").Filter(new() { Has = Bubble(text) });

    /// <summary>A bubble by exact text, relative to whatever it is applied to.</summary>
    private ILocator Bubble(string text) =>
        _page.Locator(".bubble").Filter(new() { Has = _page.Locator(".text").GetByText(text, new() { Exact = true }) });

    /// <summary>A join or leave notice of a user, by name.</summary>
    public ILocator Notice(string type, string name) =>
        Timeline.Locator($".notice.{type}").Filter(new() { Has = _page.Locator("strong").GetByText(name, new() { Exact = true }) });

    public ILocator Member(string name) => MemberNames.GetByText(name, new() { Exact = true });

    /// <summary>Waits until the message shows, with its local time (h:mm).</summary>
    public async Task ExpectMessageAsync(string text)
    {
        var message = Message(text);
        await Expect(message).ToBeVisibleAsync();
        await Expect(message.Locator("time")).ToHaveTextAsync(LocalTime());
    }

    [GeneratedRegex(@"^\d{1,2}:\d{2}")]
    public static partial Regex LocalTime();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await _context.CloseAsync();
        }
    }
}
