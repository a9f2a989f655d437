using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansChat.Runtime.Activation;

/// <summary>How to queue a call to one grain interface method; built once per method and cached.</summary>
internal sealed class GrainMethodInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethodInvoker> Cache = new();
    private static readonly MethodInfo CreateTypedMethod =
        typeof(GrainMethodInvoker).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<ActivationCatalog, GrainId, object?[]?, object> _invoke;

    private GrainMethodInvoker(Func<ActivationCatalog, GrainId, object?[]?, object> invoke) => _invoke = invoke;

    public static GrainMethodInvoker For(MethodInfo method) => Cache.GetOrAdd(method, Create);

    public object Invoke(ActivationCatalog catalog, GrainId grainId, object?[]? args) => _invoke(catalog, grainId, args);

    private static GrainMethodInvoker Create(MethodInfo method)
    {
        var interleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return new GrainMethodInvoker((catalog, id, args) => catalog.InvokeAsync<bool>(id, async grain =>
            {
                await CallGrain<Task>(method, grain, args);
                return true;
            }, interleave));
        }
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var create = CreateTypedMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return (GrainMethodInvoker)create.Invoke(null, [method, interleave])!;
        }
        throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
    }

    private static GrainMethodInvoker CreateTyped<T>(MethodInfo method, bool interleave) =>
        new((catalog, id, args) => catalog.InvokeAsync(id, grain => CallGrain<Task<T>>(method, grain, args), interleave));

    private static TTask CallGrain<TTask>(MethodInfo method, Grain grain, object?[]? args)
        where TTask : Task =>
        (TTask)method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null)!;
}
