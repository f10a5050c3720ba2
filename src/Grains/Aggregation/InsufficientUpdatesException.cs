namespace OrleansFed.Grains.Aggregation;

/// <summary>A rule was asked to aggregate fewer updates than it needs (e.g. Multi-Krum with n ≤ 2f + 2).</summary>
public sealed class InsufficientUpdatesException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public InsufficientUpdatesException()
        : base("Too few updates to aggregate.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was needed and what arrived.</param>
    public InsufficientUpdatesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was needed and what arrived.</param>
    /// <param name="innerException">Cause.</param>
    public InsufficientUpdatesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
