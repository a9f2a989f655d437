using OrleansChat.Bench.Peers.SignalR.Hubs;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddChatPeer(builder.Configuration);

var app = builder.Build();
app.MapHub<ChatHub>(ChatHub.Path);
app.MapGet("/healthz", () => "ok");
await app.RunAsync();
