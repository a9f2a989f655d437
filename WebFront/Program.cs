using OrleansChat.WebFront.Hosting;

var app = ChatWebApp.Build(args);
await app.RunAsync();

/// <summary>The WebFront's entry point, visible to the tests' host factory.</summary>
public partial class Program;
