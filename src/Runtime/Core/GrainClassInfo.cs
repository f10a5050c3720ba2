using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansFed.Runtime.Diagnostics;

namespace OrleansFed.Runtime.Core;

/// <summary>
/// What the runtime knows about one grain class, worked out once: its grain type name, whether it is reentrant and
/// remindable, and how to build its constructor arguments (services from the host's provider, persistent states from
/// <see cref="PersistentStateAttribute"/> parameters).
/// </summary>
internal sealed class GrainClassInfo
{
    private delegate IActivationState StateFactory(string stateName, string storageName, IGrainStorage storage, GrainId grainId, RuntimeInstruments instruments);

    private readonly ConstructorInfo _constructor;
    private readonly Parameter[] _parameters;

    public GrainClassInfo(Type grainClass)
    {
        if (grainClass.IsAbstract || !typeof(Grain).IsAssignableFrom(grainClass))
        {
            throw new InvalidOperationException($"Grain class {grainClass.Name} must be a concrete class deriving from Grain.");
        }

        GrainClass = grainClass;
        GrainType = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? grainClass.Name;
        if (string.IsNullOrWhiteSpace(GrainType) || GrainType.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Grain class {grainClass.Name} has an invalid grain type name '{GrainType}' (empty or containing '/').");
        }

        IsReentrant = grainClass.IsDefined(typeof(ReentrantAttribute), inherit: true);
        IsRemindable = typeof(IRemindable).IsAssignableFrom(grainClass);
        _constructor = ChooseConstructor(grainClass);
        _parameters = [.. _constructor.GetParameters().Select(p => Describe(grainClass, p))];
        var duplicate = _parameters.OfType<StateParameter>().GroupBy(p => p.StateName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Grain class {grainClass.Name} declares persistent state '{duplicate.Key}' more than once.");
        }
    }

    public Type GrainClass { get; }

    public string GrainType { get; }

    public bool IsReentrant { get; }

    public bool IsRemindable { get; }

    /// <summary>Constructs the grain for <paramref name="activation"/>; returns it with the states to read before activation.</summary>
    public (Grain Grain, IActivationState[] States) Create(Activation activation, GrainRuntime runtime)
    {
        var arguments = new object?[_parameters.Length];
        var states = new List<IActivationState>();
        for (var i = 0; i < _parameters.Length; i++)
        {
            arguments[i] = _parameters[i] switch
            {
                StateParameter state => CreateState(state, activation.GrainId, runtime, states),
                ServiceParameter service => Resolve(service, runtime.Services),
                _ => throw new InvalidOperationException("Unknown parameter kind."),
            };
        }

        try
        {
            var grain = GrainConstruction.Construct(activation, () => (Grain)_constructor.Invoke(arguments));
            return (grain, [.. states]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new GrainActivationException(
                $"Constructor of grain class {GrainClass.Name} threw for grain {activation.GrainId}: {exception.InnerException.Message}",
                exception.InnerException);
        }
    }

    private object CreateState(StateParameter state, GrainId grainId, GrainRuntime runtime, List<IActivationState> states)
    {
        var storage = runtime.Services.GetKeyedService<IGrainStorage>(state.StorageName) ?? throw new GrainActivationException(
            $"Grain class {GrainClass.Name} needs grain storage '{state.StorageName}' for state '{state.StateName}', but none is registered " +
            $"under that name; call AddSqliteGrainStorage(\"{state.StorageName}\") or AddMemoryGrainStorage(\"{state.StorageName}\").");
        var created = state.Factory(state.StateName, state.StorageName, storage, grainId, runtime.Instruments);
        states.Add(created);
        return created;
    }

    private object? Resolve(ServiceParameter service, IServiceProvider services)
    {
        var resolved = service.Key is null
            ? services.GetService(service.Type)
            : (services as IKeyedServiceProvider)?.GetKeyedService(service.Type, service.Key);
        if (resolved is not null)
        {
            return resolved;
        }

        return service.HasDefault
            ? service.Default
            : throw new GrainActivationException(
                $"Grain class {GrainClass.Name} needs a service of type {service.Type.Name} for constructor parameter '{service.Name}', but none is registered.");
    }

    private static ConstructorInfo ChooseConstructor(Type grainClass)
    {
        var constructors = grainClass.GetConstructors(BindingFlags.Instance | BindingFlags.Public);
        return constructors.Length switch
        {
            0 => throw new InvalidOperationException($"Grain class {grainClass.Name} has no public constructor."),
            1 => constructors[0],
            _ => constructors.FirstOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute), false))
                 ?? constructors.MaxBy(c => c.GetParameters().Length)!,
        };
    }

    private static Parameter Describe(Type grainClass, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' of grain class {grainClass.Name} has [PersistentState] but type {type.Name}; it must be IPersistentState<TState>.");
            }

            var factory = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0])
                .GetMethod(nameof(PersistentState<object>.Create), BindingFlags.Static | BindingFlags.NonPublic)!
                .CreateDelegate<StateFactory>();
            return new StateParameter(attribute.StateName, attribute.StorageName, factory);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"Parameter '{parameter.Name}' of grain class {grainClass.Name} is an IPersistentState<T> without [PersistentState(\"stateName\", \"storageName\")].");
        }

        var key = parameter.GetCustomAttribute<FromKeyedServicesAttribute>()?.Key;
        return new ServiceParameter(parameter.Name ?? "", type, key, parameter.HasDefaultValue, parameter.HasDefaultValue ? parameter.DefaultValue : null);
    }

    private abstract record Parameter;

    private sealed record StateParameter(string StateName, string StorageName, StateFactory Factory) : Parameter;

    private sealed record ServiceParameter(string Name, Type Type, object? Key, bool HasDefault, object? Default) : Parameter;
}
