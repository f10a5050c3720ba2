namespace OrleansFed.Cli;

/// <summary>Process exit codes of <c>orleansfed</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (the silo refused a request, training failed, ...).</summary>
    public const int Failed = 1;

    /// <summary>Bad command-line arguments.</summary>
    public const int Usage = 2;

    /// <summary>The silo stayed unreachable (connection refused or failing) past the give-up time.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C / SIGTERM).</summary>
    public const int Interrupted = 130;
}
