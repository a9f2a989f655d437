using Microsoft.Extensions.Options;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.WebFront.Dashboard;

/// <summary>
/// Refuses to start a front end that would show the dashboard to anonymous browsers outside Development, or that
/// was given half a credential (which would otherwise be read as none).
/// </summary>
internal sealed class DashboardOptionsValidator(IHostEnvironment environment) : IValidateOptions<ChatDashboardOptions>
{
    private const string Section = ChatDashboardOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ChatDashboardOptions options)
    {
        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            return ValidateOptionsResult.Fail(
                $"{Section}:{nameof(options.Username)} and {Section}:{nameof(options.Password)} go together: set both ({Section}__{nameof(options.Username)}, {Section}__{nameof(options.Password)}) or neither.");
        }
        if (options.IsEnabledIn(environment) && !options.HasCredential && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"The Orleans Dashboard is enabled ({Section}:{nameof(options.Enabled)}) in the {environment.EnvironmentName} environment without an operator credential. " +
                $"Set {Section}__{nameof(options.Username)} and {Section}__{nameof(options.Password)}, or turn it off with {Section}__{nameof(options.Enabled)}=false.");
        }
        return ValidateOptionsResult.Success;
    }
}
