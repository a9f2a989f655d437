using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Lets our exceptions and Redis's cross between silos and clients. A store failure reaches callers as
/// StoreUnavailableException carrying the store's own exception (Redis's, or a log conflict); Orleans only serializes
/// exception types of the namespaces listed here, and any other one fails the reply with CodecNotFoundException,
/// which front ends would answer with 'internal' instead of 'unavailable'. Silos and clients need the same list.
/// </summary>
internal static class ChatExceptions
{
    public static void AllowSerialization(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options =>
        {
            options.SupportedNamespacePrefixes.Add("StackExchange.Redis");
            options.SupportedNamespacePrefixes.Add("OrleansChat");
        });
}
