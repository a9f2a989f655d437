using Microsoft.Extensions.Options;

namespace OrleansChat.WebFront.Identity;

/// <summary>A configured secret must be long enough to resist guessing; tokens must live a while.</summary>
internal sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        if (options.TokenSecret is { } secret && secret.Length < IdentityOptions.MinSecretLength)
        {
            return ValidateOptionsResult.Fail(
                $"{IdentityOptions.SectionName}:{nameof(options.TokenSecret)} must be at least {IdentityOptions.MinSecretLength} characters, or left unset to generate one.");
        }
        return options.TokenLifetime > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{IdentityOptions.SectionName}:{nameof(options.TokenLifetime)} must be positive.");
    }
}
