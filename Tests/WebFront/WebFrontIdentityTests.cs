using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OrleansChat.Tests.Support;
using OrleansChat.WebFront.Identity;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontIdentityTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    private WebFrontServer Server => fixture.Server;

    [Fact]
    public async Task Token_Resumed_SameUserFreshToken()
    {
        var first = await Server.ConnectAsync();
        await first.DisposeAsync();

        await using var resumed = await Server.ConnectAsync(first.Token);

        Assert.Equal(first.UserId, resumed.UserId);
        Assert.Equal(first.UserName, resumed.UserName);
    }

    [Fact]
    public async Task Token_Tampered_NewIdentityNeverAnothers()
    {
        await using var victim = await Server.ConnectAsync();
        await using var attacker = await Server.ConnectAsync();
        var token = victim.Token;
        var flipped = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        await using var forged = await Server.ConnectAsync(flipped);

        Assert.NotEqual(victim.UserId, forged.UserId);
        Assert.NotEqual(attacker.UserId, forged.UserId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("!!!!not-base64!!!!")]
    [InlineData("AQ")]
    public async Task Token_Malformed_NewIdentity(string token)
    {
        await using var client = await Server.ConnectAsync(token);

        Assert.True(Guid.TryParse(client.UserId, out _));
    }

    [Fact]
    public async Task Token_FromAnotherCluster_NewIdentity()
    {
        await using var foreign = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["Identity:TokenSecret"] = "another-cluster-secret-key" });
        await using var stranger = await foreign.ConnectAsync();

        await using var client = await Server.ConnectAsync(stranger.Token);

        Assert.NotEqual(stranger.UserId, client.UserId);
    }

    [Fact]
    public async Task Token_SameConfiguredSecretAcrossServers_ResumesWhenUserExists()
    {
        var settings = new Dictionary<string, string?> { ["Identity:TokenSecret"] = "shared-secret-for-this-test" };
        await using var server = await WebFrontServer.StartAsync(settings);
        var first = await server.ConnectAsync();
        await first.DisposeAsync();

        await using var resumed = await server.ConnectAsync(first.Token);

        Assert.Equal(first.UserId, resumed.UserId);
    }

    [Fact]
    public async Task Token_Expired_NewIdentity()
    {
        // Tokens are dated by a clock of the test's (the silo keeps the real one).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await WebFrontServer.StartAsync(configure: services => services.AddSingleton(sp => new ConnectionIdentity(
            sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TokenKeyProvider>(), sp.GetRequiredService<IOptions<IdentityOptions>>(), clock)));
        var first = await server.ConnectAsync();
        await first.DisposeAsync();

        clock.Advance(IdentityOptions.DefaultTokenLifetime - TimeSpan.FromMinutes(1));
        await using var stillValid = await server.ConnectAsync(first.Token);
        clock.Advance(TimeSpan.FromMinutes(2));
        await using var expired = await server.ConnectAsync(first.Token);

        Assert.Equal(first.UserId, stillValid.UserId);
        Assert.NotEqual(first.UserId, expired.UserId);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://localhost:1")]
    public async Task Origin_Foreign_Refused403BeforeUpgrade(string origin)
    {
        var status = await ProtocolClient.TryUpgradeAsync(Server.SocketUri(), origin);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Origin_SameOriginOrNone_Allowed()
    {
        await using var same = await Server.ConnectAsync(origin: $"http://{Server.BaseUri.Authority}");
        await using var none = await Server.ConnectAsync();

        Assert.Equal("welcome", same.Welcome.GetProperty("type").GetString());
        Assert.Equal("welcome", none.Welcome.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Origin_ConfiguredOrDevelopmentLocalhost_Allowed()
    {
        await using var configured = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["WebFront:AllowedOrigins:0"] = "https://chat.example.com" });
        await using var development = await WebFrontServer.StartAsync(environment: "Development");

        await using var fromConfigured = await configured.ConnectAsync(origin: "https://chat.example.com");
        await using var fromLocalhost = await development.ConnectAsync(origin: "http://localhost:3000");
        var foreignInDevelopment = await ProtocolClient.TryUpgradeAsync(development.SocketUri(), "http://evil.example");

        Assert.Equal("welcome", fromConfigured.Welcome.GetProperty("type").GetString());
        Assert.Equal("welcome", fromLocalhost.Welcome.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, foreignInDevelopment);
    }
}
