using System.Collections.Concurrent;
using OrleansFed.Runtime.Invocation;

namespace OrleansFed.Runtime.Core;

/// <summary>The grain classes registered with <c>AddGrain</c>, by interface and by grain type name, and the
/// prepared grain interfaces (built on first reference, failures cached and rethrown).</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainClassInfo> _byInterface = [];
    private readonly Dictionary<string, GrainClassInfo> _byType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, Lazy<GrainInterfaceDescriptor>> _interfaces = new();

    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        var classes = new Dictionary<Type, GrainClassInfo>();
        foreach (var registration in registrations)
        {
            if (!classes.TryGetValue(registration.GrainClass, out var info))
            {
                info = new GrainClassInfo(registration.GrainClass);
                classes.Add(registration.GrainClass, info);
                if (_byType.TryGetValue(info.GrainType, out var clash))
                {
                    throw new InvalidOperationException(
                        $"Grain classes {clash.GrainClass.Name} and {info.GrainClass.Name} share the grain type name '{info.GrainType}'; give one a [GrainType(\"…\")].");
                }

                _byType.Add(info.GrainType, info);
            }

            if (_byInterface.TryGetValue(registration.Interface, out var existing) && existing != info)
            {
                throw new InvalidOperationException(
                    $"Grain interface {registration.Interface.Name} is registered for both {existing.GrainClass.Name} and {info.GrainClass.Name}.");
            }

            _byInterface[registration.Interface] = info;
        }
    }

    public int ClassCount => _byType.Count;

    public GrainClassInfo ForInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var info)
            ? info
            : throw new InvalidOperationException(
                $"No grain class is registered for grain interface {grainInterface.Name}; call services.AddGrain<{grainInterface.Name}, TGrain>().");

    public GrainClassInfo? ForGrainType(string grainType) => _byType.GetValueOrDefault(grainType);

    public GrainInterfaceDescriptor Describe(Type grainInterface) =>
        _interfaces.GetOrAdd(grainInterface, static t => new Lazy<GrainInterfaceDescriptor>(() => new GrainInterfaceDescriptor(t))).Value;
}
