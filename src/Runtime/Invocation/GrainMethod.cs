using System.Linq.Expressions;
using System.Reflection;
using OrleansFed.Runtime.Core;

namespace OrleansFed.Runtime.Invocation;

/// <summary>
/// One grain interface method, prepared once: its argument copy plans, its interleaving flags, and a compiled
/// delegate that calls it on a grain instance (no reflection <c>MethodInfo.Invoke</c> per call).
/// </summary>
internal abstract class GrainMethod
{
    private readonly CopyPlan[] _argumentPlans;

    protected GrainMethod(MethodInfo method, CopyPlan[] argumentPlans, ReturnKind returnKind)
    {
        Method = method;
        _argumentPlans = argumentPlans;
        ReturnKind = returnKind;
        DisplayName = $"{method.DeclaringType!.Name}.{method.Name}";
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        IsOneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
    }

    public MethodInfo Method { get; }

    public string DisplayName { get; }

    public bool AlwaysInterleave { get; }

    public bool IsOneWay { get; }

    protected ReturnKind ReturnKind { get; }

    /// <summary>Prepares <paramref name="method"/> of grain interface <paramref name="grainInterface"/>.</summary>
    /// <exception cref="InvalidGrainInterfaceException">The method's shape or types are not supported.</exception>
    public static GrainMethod Create(Type grainInterface, MethodInfo method)
    {
        var where = $"{BoundaryCopier.Describe(grainInterface)}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new InvalidGrainInterfaceException($"Grain method {where} is generic; grain methods must not be generic.");
        }

        var (kind, resultType) = Classify(method.ReturnType) ?? throw new InvalidGrainInterfaceException(
            $"Grain method {where} returns {BoundaryCopier.Describe(method.ReturnType)}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");
        if (method.IsDefined(typeof(OneWayAttribute), inherit: true) && kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            throw new InvalidGrainInterfaceException($"Grain method {where} is [OneWay] but returns a value; one-way methods return Task or ValueTask.");
        }

        var parameters = method.GetParameters();
        var plans = new CopyPlan[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType.IsByRef)
            {
                throw new InvalidGrainInterfaceException($"Parameter '{parameter.Name}' of grain method {where} is passed by reference; grain methods take values only.");
            }

            plans[i] = Plan(parameter.ParameterType, $"parameter '{parameter.Name}' of grain method {where}");
        }

        var resultPlan = resultType == typeof(object) && kind is ReturnKind.Task or ReturnKind.ValueTask
            ? CopyPlan.PassAsIs
            : Plan(resultType, $"the result of grain method {where}");
        var build = typeof(GrainMethod<>).MakeGenericType(resultType)
            .GetMethod(nameof(GrainMethod<object>.Build), BindingFlags.Static | BindingFlags.NonPublic)!;
        return (GrainMethod)build.Invoke(null, [grainInterface, method, plans, resultPlan, kind])!;
    }

    /// <summary>Called by a grain reference: copies the arguments and sends the call; returns what the interface
    /// method returns (a task of the right type).</summary>
    public abstract object Send(GrainRuntime runtime, GrainId grainId, object?[] arguments);

    protected object?[] CopyArguments(object?[] arguments)
    {
        var copy = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            copy[i] = _argumentPlans[i].Apply(arguments[i]);
        }

        return copy;
    }

    /// <summary>Compiles <c>(grain, args) =&gt; ((TInterface)grain).Method((T0)args[0], …)</c>.</summary>
    protected static TDelegate Compile<TDelegate>(Type grainInterface, MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(grain, grainInterface),
            method,
            method.GetParameters().Select((p, i) =>
                (Expression)Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        return Expression.Lambda<TDelegate>(call, grain, arguments).Compile();
    }

    private static CopyPlan Plan(Type type, string where)
    {
        try
        {
            return BoundaryCopier.PlanFor(type);
        }
        catch (InvalidGrainInterfaceException inner)
        {
            throw new InvalidGrainInterfaceException($"Grain interface member {where} is not allowed. {inner.Message}", inner);
        }
    }

    private static (ReturnKind Kind, Type Result)? Classify(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (ReturnKind.Task, typeof(object));
        }

        if (returnType == typeof(ValueTask))
        {
            return (ReturnKind.ValueTask, typeof(object));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0]);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
        }

        return null;
    }
}
