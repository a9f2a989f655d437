using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>Users: a UUID v7 and a readable name made once, renames seen cluster-wide, and the name and room rules.</summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class UserGrainTests(ChatClusterFixture fixture)
{
    private ChatTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Create_NewUser_HasVersion7IdAndReadableNameThatStay()
    {
        var id = UserIds.New();

        var created = await Cluster.FrontEnds[0].User(id).CreateAsync();
        var again = await Cluster.FrontEnds[1].User(id).CreateAsync();
        var elsewhere = await Cluster.Client.GetGrain<IUserGrain>(id).GetAsync();

        Assert.Equal(id, created.Id);
        Assert.Equal(7, Guid.Parse(created.Id).Version);
        Assert.Matches("^[a-z]+-[a-z]+$", created.Name);
        Assert.Equal(created, again);
        Assert.Equal(created, elsewhere);
    }

    [Fact]
    public async Task Create_IdNotAUuid_IsRefused()
    {
        var user = Cluster.FrontEnds[0].User("not-a-uuid");

        await Assert.ThrowsAsync<ArgumentException>(user.CreateAsync);
        Assert.Null(await user.GetAsync());
    }

    [Fact]
    public async Task Rename_ValidName_IsSeenThroughAnotherSilosClient()
    {
        var user = await Cluster.FrontEnds[0].NewUserAsync();

        var before = await Cluster.FrontEnds[1].User(user.Id).GetAsync();
        var renamed = await Cluster.FrontEnds[0].User(user.Id).RenameAsync("  Ada Lovelace ");
        var seen = await Cluster.FrontEnds[1].User(user.Id).GetAsync();
        var created = await Cluster.FrontEnds[2].User(user.Id).CreateAsync();

        Assert.Equal(user, before);
        Assert.Equal(new ChatUser(user.Id, "Ada Lovelace"), renamed);
        Assert.Equal(renamed, seen);
        Assert.Equal(renamed, created);
    }

    [Fact]
    public async Task Rename_InvalidName_IsRefusedAndTheNameStays()
    {
        var user = await Cluster.FrontEnds[0].NewUserAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Cluster.FrontEnds[1].User(user.Id).RenameAsync("line\nbreak"));

        Assert.Equal(user, await Cluster.FrontEnds[2].User(user.Id).GetAsync());
    }

    [Fact]
    public async Task Get_UnknownUser_IsNull()
    {
        Assert.Null(await Cluster.FrontEnds[0].User(UserIds.New()).GetAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Cluster.FrontEnds[0].User(UserIds.New()).RenameAsync("ghost"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0000b")]
    [InlineData("line\nbreak")]
    [InlineData("123456789012345678901234567890123")]
    public void Normalize_InvalidName_IsNull(string name) => Assert.Null(UserNames.Normalize(name));

    [Theory]
    [InlineData("a", "a")]
    [InlineData(" spaced out ", "spaced out")]
    [InlineData("12345678901234567890123456789012", "12345678901234567890123456789012")]
    [InlineData("émoji 🦦", "émoji 🦦")]
    public void Normalize_ValidName_IsTrimmed(string name, string expected) => Assert.Equal(expected, UserNames.Normalize(name));

    [Theory]
    [InlineData("general", true)]
    [InlineData("a", true)]
    [InlineData("9lives_and-more", true)]
    [InlineData("12345678901234567890123456789012", true)]
    [InlineData("123456789012345678901234567890123", false)]
    [InlineData("", false)]
    [InlineData("-dash", false)]
    [InlineData("_under", false)]
    [InlineData("Upper", false)]
    [InlineData("with space", false)]
    [InlineData("ünï", false)]
    public void RoomNames_IsValid_FollowsTheProtocol(string room, bool valid) => Assert.Equal(valid, RoomNames.IsValid(room));
}
