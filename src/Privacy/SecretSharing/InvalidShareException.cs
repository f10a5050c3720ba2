namespace OrleansFed.Privacy.SecretSharing;

/// <summary>A share (or set of shares) is malformed; <see cref="Defect"/> says how.</summary>
public sealed class InvalidShareException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="defect">The defect found.</param>
    /// <param name="message">A description naming the offending share.</param>
    public InvalidShareException(ShareDefect defect, string message)
        : base(message, "shares")
    {
        Defect = defect;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidShareException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public InvalidShareException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidShareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The defect found.</summary>
    public ShareDefect Defect { get; }
}
