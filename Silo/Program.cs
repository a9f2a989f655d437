using Microsoft.Extensions.Hosting;
using OrleansChat.Silo.Hosting;

// A headless silo: it holds grains and no sockets (the split tier's silos, or one more silo beside co-hosted WebFronts).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddChatSilo();
// No HTTP endpoint here: with OTEL_EXPORTER_OTLP_ENDPOINT set, its metrics and spans go over OTLP.
builder.AddChatTelemetry("orleanschat-silo");
await builder.Build().RunAsync();
