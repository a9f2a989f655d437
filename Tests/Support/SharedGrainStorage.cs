using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansChat.Tests.Support;

/// <summary>
/// One silo's view of a <see cref="SharedGrainStateStore"/>: Orleans grain storage with etag checks, serialized
/// by the silo's grain storage serializer (the one the memory and Redis providers use), so no silo shares objects.
/// </summary>
internal sealed class SharedGrainStorage(string name, SharedGrainStateStore store, IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.TryRead(Key(stateName, grainId), out var data, out var etag))
        {
            grainState.State = serializer.Deserialize<T>(data);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var etag = store.TryWrite(key, grainState.ETag, serializer.Serialize(grainState.State))
            ?? throw new InconsistentStateException($"{key} was written by someone else.", store.CurrentETag(key), grainState.ETag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        if (!store.TryClear(key, grainState.ETag))
        {
            throw new InconsistentStateException($"{key} was written by someone else.", store.CurrentETag(key), grainState.ETag);
        }
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string Key(string stateName, GrainId grainId) => $"{name}/{stateName}/{grainId}";
}
