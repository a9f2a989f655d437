using Microsoft.Extensions.Options;
using OrleansChat.Grains;

namespace OrleansChat.WebFront.Hosting;

/// <summary>Refuses limits that would make the protocol unusable, with messages that name the setting.</summary>
internal sealed class WebFrontOptionsValidator : IValidateOptions<WebFrontOptions>
{
    public ValidateOptionsResult Validate(string? name, WebFrontOptions options)
    {
        var failures = new List<string>();
        Positive(options.MaxFrameBytes, nameof(options.MaxFrameBytes));
        Positive(options.MaxTextLength, nameof(options.MaxTextLength));
        Positive(options.MaxRoomsPerConnection, nameof(options.MaxRoomsPerConnection));
        Positive(options.RatePerSecond, nameof(options.RatePerSecond));
        Positive(options.RateBurst, nameof(options.RateBurst));
        Positive(options.OutboundQueueFrames, nameof(options.OutboundQueueFrames));
        Positive(options.HistoryMaxLimit, nameof(options.HistoryMaxLimit));
        if (options.MaxFrameBytes < 256)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.MaxFrameBytes)} ({options.MaxFrameBytes}) must be at least 256 bytes, or no command fits.");
        }
        if (options.JoinRecentEvents < 0)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.JoinRecentEvents)} must not be negative.");
        }
        if (options.HistoryDefaultLimit < 1 || options.HistoryDefaultLimit > options.HistoryMaxLimit)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.HistoryDefaultLimit)} ({options.HistoryDefaultLimit}) must be between 1 and {nameof(options.HistoryMaxLimit)} ({options.HistoryMaxLimit}).");
        }
        if (options.RoomListMaxLimit < 1 || options.RoomListMaxLimit > RoomListingPage.MaxLimit)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.RoomListMaxLimit)} ({options.RoomListMaxLimit}) must be between 1 and {RoomListingPage.MaxLimit}.");
        }
        if (options.RoomListDefaultLimit < 1 || options.RoomListDefaultLimit > options.RoomListMaxLimit)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.RoomListDefaultLimit)} ({options.RoomListDefaultLimit}) must be between 1 and {nameof(options.RoomListMaxLimit)} ({options.RoomListMaxLimit}).");
        }
        if (options.CloseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.CloseTimeout)} must be positive.");
        }
        if (options.KeepAliveInterval < TimeSpan.Zero)
        {
            failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.KeepAliveInterval)} must not be negative (zero turns keep-alive off).");
        }
        foreach (var origin in options.AllowedOrigins)
        {
            if (origin != "*" && !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                failures.Add($"{WebFrontOptions.SectionName}:{nameof(options.AllowedOrigins)} has '{origin}', which is neither '*' nor an absolute origin such as https://chat.example.com.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(int value, string setting)
        {
            if (value < 1)
            {
                failures.Add($"{WebFrontOptions.SectionName}:{setting} ({value}) must be at least 1.");
            }
        }
    }
}
