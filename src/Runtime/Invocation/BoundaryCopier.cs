using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace OrleansFed.Runtime.Invocation;

/// <summary>
/// Decides, once per type, how arguments and results cross a grain boundary so that caller and callee never share a
/// mutable object: immutable values (primitives, strings, enums, records and classes whose fields are all readonly
/// and themselves allowed, immutable collections, grain references, <see cref="ImmutableAttribute"/> types) pass by
/// reference; arrays and <see cref="Memory{T}"/>/<see cref="ReadOnlyMemory{T}"/> contents are copied (a memcpy for
/// primitive element types); records holding arrays are cloned with their arrays copied; anything else (List, Dictionary,
/// classes with settable fields, object, delegates) is rejected with <see cref="InvalidGrainInterfaceException"/>.
/// </summary>
internal static class BoundaryCopier
{
    private const string Advice =
        "Use a record with init-only members, an immutable collection (ImmutableArray<T>, ImmutableList<T>, " +
        "ImmutableDictionary<K,V>, FrozenDictionary<K,V>), an array or ReadOnlyMemory<T> (copied), or mark the type [Immutable].";

    private static readonly HashSet<Type> s_immutableLeaves =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
        typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(Version), typeof(CancellationToken), typeof(Half),
        typeof(Int128), typeof(UInt128), typeof(BigInteger), typeof(Complex), typeof(Index), typeof(Range),
    ];

    private static readonly HashSet<Type> s_immutableGenerics =
    [
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableDictionary<,>), typeof(ImmutableHashSet<>),
        typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>),
        typeof(IImmutableList<>), typeof(IImmutableDictionary<,>), typeof(IImmutableSet<>), typeof(IImmutableQueue<>),
        typeof(IImmutableStack<>), typeof(FrozenDictionary<,>), typeof(FrozenSet<>),
    ];

    private static readonly Func<object, object> s_memberwiseClone = typeof(object)
        .GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    // Type metadata only: a type's plan never changes, so caching it process-wide is safe.
    private static readonly ConcurrentDictionary<Type, Lazy<CopyPlan>> s_plans = new();

    /// <summary>The plan for a declared parameter or result type.</summary>
    /// <exception cref="InvalidGrainInterfaceException">Values of the type would share mutable state.</exception>
    public static CopyPlan PlanFor(Type declared) =>
        s_plans.GetOrAdd(declared, static t => new Lazy<CopyPlan>(() => Build(t, []))).Value;

    /// <summary>The plan for the exact runtime type of a value passed where a non-sealed base type was declared.</summary>
    public static CopyPlan PlanForRuntimeType(Type runtimeType) => PlanFor(runtimeType);

    private static CopyPlan Build(Type type, HashSet<Type> visiting)
    {
        if (type.IsPrimitive || type.IsEnum || s_immutableLeaves.Contains(type) || IsGrainReference(type)
            || type.IsDefined(typeof(ImmutableAttribute), inherit: false))
        {
            return CopyPlan.PassAsIs;
        }

        if (type.IsPointer || type.IsByRef || type.IsByRefLike || typeof(Delegate).IsAssignableFrom(type) || type == typeof(object)
            || typeof(Type).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type) || typeof(Task).IsAssignableFrom(type))
        {
            throw Reject(type, "it is not a data type");
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            // A boxed Nullable<T> is a boxed T (or null), so T's plan applies unchanged.
            return Nested(underlying, visiting);
        }

        if (type.IsArray)
        {
            return ArrayPlan(type, visiting);
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (s_immutableGenerics.Contains(definition))
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    if (Nested(argument, visiting).Copies)
                    {
                        throw Reject(type, $"its element type {Describe(argument)} is mutable and would be shared");
                    }
                }

                return CopyPlan.PassAsIs;
            }

            if (definition == typeof(ReadOnlyMemory<>) || definition == typeof(Memory<>))
            {
                return MemoryPlan(type, visiting);
            }
        }

        if (type.IsInterface)
        {
            throw Reject(type, "an interface may hide a mutable implementation");
        }

        return FieldwisePlan(type, visiting);
    }

    private static CopyPlan Nested(Type type, HashSet<Type> visiting)
    {
        if (!visiting.Add(type))
        {
            // A recursive reference (e.g. a tree node's child): if anything reachable from the type may need a copy,
            // resolve its final plan lazily, at copy time; otherwise values of the type are immutable.
            return MayNeedCopy(type, []) || !type.IsValueType && !type.IsSealed
                ? CopyPlan.Copying(value => PlanFor(type).Apply(value)!)
                : CopyPlan.PassAsIs;
        }

        try
        {
            if (s_plans.TryGetValue(type, out var cached) && cached.IsValueCreated)
            {
                return cached.Value;
            }

            return Build(type, visiting);
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    /// <summary>Whether an array or memory (the only things copied) is reachable from the type's fields.</summary>
    private static bool MayNeedCopy(Type type, HashSet<Type> seen)
    {
        if (type.IsArray || type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Memory<>) || d == typeof(ReadOnlyMemory<>)))
        {
            return true;
        }

        if (type.IsPrimitive || type.IsEnum || type.IsInterface || s_immutableLeaves.Contains(type) || !seen.Add(type)
            || type.IsDefined(typeof(ImmutableAttribute), inherit: false)
            || type.IsGenericType && s_immutableGenerics.Contains(type.GetGenericTypeDefinition()))
        {
            return false;
        }

        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (MayNeedCopy(field.FieldType, seen))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static CopyPlan ArrayPlan(Type type, HashSet<Type> visiting)
    {
        if (type.GetArrayRank() != 1)
        {
            throw Reject(type, "only one-dimensional arrays are supported");
        }

        var element = type.GetElementType()!;
        var elementPlan = Nested(element, visiting);
        if (!elementPlan.Copies)
        {
            // One block copy; primitive arrays skip zeroing the new array first (large model vectors).
            return element.IsPrimitive
                ? CopyPlan.Copying(typeof(BoundaryCopier).GetMethod(nameof(CopyPrimitiveArray), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(element).CreateDelegate<Func<object, object>>())
                : CopyPlan.Copying(static array => ((Array)array).Clone());
        }

        return CopyPlan.Copying(array =>
        {
            var copy = (Array)((Array)array).Clone();
            for (var i = 0; i < copy.Length; i++)
            {
                copy.SetValue(elementPlan.Apply(copy.GetValue(i)), i);
            }

            return copy;
        });
    }

    private static CopyPlan MemoryPlan(Type type, HashSet<Type> visiting)
    {
        var element = type.GetGenericArguments()[0];
        if (Nested(element, visiting).Copies)
        {
            throw Reject(type, $"its element type {Describe(element)} is mutable and would be shared");
        }

        var method = typeof(BoundaryCopier).GetMethod(
            type.GetGenericTypeDefinition() == typeof(Memory<>) ? nameof(CopyMemory) : nameof(CopyReadOnlyMemory),
            BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element);
        return CopyPlan.Copying(method.CreateDelegate<Func<object, object>>());
    }

    private static object CopyPrimitiveArray<T>(object array)
        where T : unmanaged
    {
        var source = (T[])array;
        var copy = GC.AllocateUninitializedArray<T>(source.Length);
        source.AsSpan().CopyTo(copy);
        return copy;
    }

    private static object CopyMemory<T>(object memory) => new Memory<T>(((Memory<T>)memory).ToArray());

    private static object CopyReadOnlyMemory<T>(object memory) => new ReadOnlyMemory<T>(((ReadOnlyMemory<T>)memory).ToArray());

    /// <summary>Structs, records and other classes: every field must be allowed; a class's fields must also be
    /// readonly (a struct is copied by value anyway). Fields needing a copy are replaced in a shallow clone.</summary>
    private static CopyPlan FieldwisePlan(Type type, HashSet<Type> visiting)
    {
        var copiedFields = new List<(FieldInfo Field, CopyPlan Plan)>();
        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!type.IsValueType && !field.IsInitOnly)
                {
                    throw Reject(type, $"field '{FieldName(field)}' of {Describe(current)} is not readonly, so the object is mutable");
                }

                CopyPlan plan;
                try
                {
                    plan = Nested(field.FieldType, visiting);
                }
                catch (InvalidGrainInterfaceException inner)
                {
                    throw new InvalidGrainInterfaceException(
                        $"Type {Describe(type)} cannot cross a grain boundary: member '{FieldName(field)}' is not allowed. {inner.Message}", inner);
                }

                if (plan.Copies)
                {
                    copiedFields.Add((field, plan));
                }
            }
        }

        var declaredPlan = copiedFields.Count == 0 ? CopyPlan.PassAsIs : CopyPlan.Copying(CloneWith(copiedFields));
        return type.IsValueType || type.IsSealed ? declaredPlan : CopyPlan.WithRuntimeTypeCheck(type, declaredPlan);
    }

    private static Func<object, object> CloneWith(List<(FieldInfo Field, CopyPlan Plan)> fields) => value =>
    {
        // A boxed struct is copied by GetObjectValue; a class by MemberwiseClone. Reflection writes the copied
        // members into the clone even where they are readonly; only types holding arrays or memory take this path.
        var clone = value.GetType().IsValueType ? RuntimeHelpers.GetObjectValue(value)! : s_memberwiseClone(value);
        foreach (var (field, plan) in fields)
        {
            field.SetValue(clone, plan.Apply(field.GetValue(clone)));
        }

        return clone;
    };

    private static bool IsGrainReference(Type type) => type.IsInterface && typeof(IGrain).IsAssignableFrom(type);

    private static string FieldName(FieldInfo field) =>
        field.Name.StartsWith('<') && field.Name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end
            ? field.Name[1..end]
            : field.Name;

    private static InvalidGrainInterfaceException Reject(Type type, string reason) =>
        new($"Type {Describe(type)} cannot cross a grain boundary: {reason}. {Advice}");

    internal static string Describe(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }
}
