using System.Reflection;

namespace OrleansFed.Runtime.Invocation;

/// <summary>The prepared methods of one grain interface, including those it inherits from other grain interfaces.</summary>
internal sealed class GrainInterfaceDescriptor
{
    private readonly Dictionary<MethodInfo, GrainMethod> _methods;

    public GrainInterfaceDescriptor(Type grainInterface)
    {
        Interface = grainInterface;
        _methods = [];
        foreach (var type in grainInterface.GetInterfaces().Append(grainInterface))
        {
            foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Public))
            {
                if (method.IsAbstract)
                {
                    _methods[method] = GrainMethod.Create(type, method);
                }
            }
        }
    }

    public Type Interface { get; }

    public GrainMethod Find(MethodInfo method) =>
        _methods.TryGetValue(method, out var found)
            ? found
            : throw new InvalidOperationException($"Method {method.Name} is not a method of grain interface {Interface.Name}.");
}
