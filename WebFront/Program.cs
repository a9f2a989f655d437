using OrleansChat.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddChatSilo(builder.Configuration);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok());
await app.RunAsync();

/// <summary>The WebFront's entry point, visible to the tests' host factory.</summary>
public partial class Program;
