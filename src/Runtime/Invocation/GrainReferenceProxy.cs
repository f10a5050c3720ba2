using System.Reflection;
using OrleansFed.Runtime.Core;

namespace OrleansFed.Runtime.Invocation;

/// <summary>
/// The object behind every grain reference: a <see cref="DispatchProxy"/> that forwards interface calls to the
/// runtime. Not sealed because DispatchProxy derives the generated proxy type from it.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy.Create requires a non-sealed proxy base type.
internal class GrainReferenceProxy : DispatchProxy
#pragma warning restore CA1852
{
    private GrainRuntime? _runtime;
    private GrainInterfaceDescriptor? _descriptor;

    public GrainId GrainId { get; private set; }

    internal static TGrain Create<TGrain>(GrainRuntime runtime, GrainInterfaceDescriptor descriptor, GrainId grainId)
        where TGrain : IGrain
    {
        var reference = DispatchProxy.Create<TGrain, GrainReferenceProxy>();
        var proxy = (GrainReferenceProxy)(object)reference;
        proxy._runtime = runtime;
        proxy._descriptor = descriptor;
        proxy.GrainId = grainId;
        return reference;
    }

    public override string ToString() => $"GrainReference<{_descriptor?.Interface.Name}>({GrainId})";

    public override bool Equals(object? obj) =>
        obj is GrainReferenceProxy other && other.GrainId == GrainId && other._descriptor?.Interface == _descriptor?.Interface;

    public override int GetHashCode() => GrainId.GetHashCode();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _descriptor!.Find(targetMethod).Send(_runtime!, GrainId, args ?? []);
    }
}
