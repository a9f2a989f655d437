using Microsoft.Extensions.Hosting;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard (section <c>Dashboard</c>): whether this process takes part (a silo collects its data, a
/// front end serves it at <c>/dashboard/</c>) and the operator credential a front end asks for. On by default in
/// Development only; elsewhere it is turned on for every process of the cluster, and front ends then need the credential.
/// </summary>
public sealed class ChatDashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Take part in the dashboard; unset: only in the Development environment.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The operator's user name (HTTP Basic). With <see cref="Password"/>, required on front ends outside Development.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool HasCredential => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    public bool IsEnabledIn(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();
}
