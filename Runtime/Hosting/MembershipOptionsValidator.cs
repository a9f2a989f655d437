using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Checks what data annotations cannot: a silo must be able to heartbeat before it is judged dead.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options) =>
        options.DeadAfter > options.HeartbeatPeriod
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Membership:DeadAfter ({options.DeadAfter}) must be longer than Membership:HeartbeatPeriod ({options.HeartbeatPeriod}).");
}
