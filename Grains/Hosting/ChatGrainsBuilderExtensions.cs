using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansChat.Grains.Rooms;
using OrleansChat.Grains.Users;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Grains.Hosting;

/// <summary>Registers the chat's grains and the services around them with a silo.</summary>
public static class ChatGrainsBuilderExtensions
{
    public static GrainRuntimeBuilder AddChatGrains(this GrainRuntimeBuilder builder)
    {
        builder.AddGrain<IRoomGrain, RoomGrain>(GrainTypes.Room);
        builder.AddGrain<IUserGrain, UserGrain>(GrainTypes.User);
        builder.Services.TryAddSingleton<RoomStateReader>();
        builder.Services.TryAddSingleton(sp => new RoomDirectory(sp.GetRequiredService<RoomStateReader>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeadSiloHandler, RoomReaper>());
        return builder;
    }
}
