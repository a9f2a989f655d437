using OrleansChat.Grains;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

[Trait("Category", "Unit")]
public sealed class UserGrainTests
{
    [Fact]
    public async Task Create_NewUser_HasVersion7IdAndReadableNameThatStay()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var id = UserIds.New();

        var created = await cluster.Silos[0].GrainFactory.GetGrain<IUserGrain>(id).CreateAsync();
        var again = await cluster.Silos[0].GrainFactory.GetGrain<IUserGrain>(id).CreateAsync();
        var elsewhere = await cluster.Silos[1].GrainFactory.GetGrain<IUserGrain>(id).GetAsync();

        Assert.Equal(id, created.Id);
        Assert.Equal(7, Guid.Parse(created.Id).Version);
        Assert.Matches("^[a-z]+-[a-z]+$", created.Name);
        Assert.Equal(created, again);
        Assert.Equal(created, elsewhere);
    }

    [Fact]
    public async Task Rename_ValidName_IsSeenByOtherSilos()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var user = await cluster.Silos[0].NewUserAsync();

        var before = await cluster.Silos[1].GrainFactory.GetGrain<IUserGrain>(user.Id).GetAsync();
        var renamed = await cluster.Silos[0].GrainFactory.GetGrain<IUserGrain>(user.Id).RenameAsync("  Ada Lovelace ");
        var seen = await cluster.Silos[1].GrainFactory.GetGrain<IUserGrain>(user.Id).GetAsync();

        Assert.Equal(user, before);
        Assert.Equal(new ChatUser(user.Id, "Ada Lovelace"), renamed);
        Assert.Equal(renamed, seen);
    }

    [Fact]
    public async Task Get_UnknownUser_IsNull()
    {
        await using var cluster = await ChatCluster.StartAsync(1);

        Assert.Null(await cluster.Silos[0].GrainFactory.GetGrain<IUserGrain>(UserIds.New()).GetAsync());
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
