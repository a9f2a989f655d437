using Microsoft.Extensions.Hosting;
using OrleansChat.Silo.Hosting;

// A headless silo: it holds no sockets, but heartbeats, reaps dead silos and hosts activations.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddChatSilo(builder.Configuration);
await builder.Build().RunAsync();
