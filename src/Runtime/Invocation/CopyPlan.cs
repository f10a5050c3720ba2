namespace OrleansFed.Runtime.Invocation;

/// <summary>How values of one declared type cross a grain boundary: by reference (immutable) or through a copy.</summary>
internal sealed class CopyPlan
{
    public static readonly CopyPlan PassAsIs = new(null, null);

    private readonly Func<object, object>? _copy;
    private readonly Type? _checkRuntimeTypeAgainst;

    private CopyPlan(Func<object, object>? copy, Type? checkRuntimeTypeAgainst)
    {
        _copy = copy;
        _checkRuntimeTypeAgainst = checkRuntimeTypeAgainst;
    }

    /// <summary>Whether applying the plan can return a different object than it was given.</summary>
    public bool Copies => _copy is not null || _checkRuntimeTypeAgainst is not null;

    public static CopyPlan Copying(Func<object, object> copy) => new(copy, null);

    /// <summary>For a non-sealed declared class: values of a derived runtime type get that type's own plan.</summary>
    public static CopyPlan WithRuntimeTypeCheck(Type declared, CopyPlan declaredPlan) =>
        new(declaredPlan._copy, declared);

    public object? Apply(object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_checkRuntimeTypeAgainst is not null && value.GetType() != _checkRuntimeTypeAgainst)
        {
            return BoundaryCopier.PlanForRuntimeType(value.GetType()).Apply(value);
        }

        return _copy is null ? value : _copy(value);
    }
}
