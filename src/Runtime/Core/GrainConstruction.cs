namespace OrleansFed.Runtime.Core;

/// <summary>
/// The activation whose grain instance is being constructed on this thread. Grain constructors run synchronously,
/// so a thread-static handed to the <see cref="Grain"/> base constructor lets grain code use its key (and the
/// factory) in its own constructor without a context parameter, as in Orleans.
/// </summary>
internal static class GrainConstruction
{
    [ThreadStatic]
    private static IGrainContext? t_current;

    public static IGrainContext? Current => t_current;

    public static T Construct<T>(IGrainContext context, Func<T> construct)
    {
        var previous = t_current;
        t_current = context;
        try
        {
            return construct();
        }
        finally
        {
            t_current = previous;
        }
    }
}
