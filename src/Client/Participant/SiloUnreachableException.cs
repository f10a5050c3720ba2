namespace OrleansFed.Client.Participant;

/// <summary>
/// A participant kept failing to reach the silo for longer than <see cref="ParticipantNodeOptions.GiveUpAfter"/>.
/// </summary>
public sealed class SiloUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnreachableException()
        : base("The silo could not be reached.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Description.</param>
    public SiloUnreachableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Description.</param>
    /// <param name="innerException">The last failure.</param>
    public SiloUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
