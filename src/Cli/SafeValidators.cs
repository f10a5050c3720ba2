using System.CommandLine.Parsing;

namespace OrleansFed.Cli;

/// <summary>
/// Registers option and command validators that survive a token the parser could not convert. System.CommandLine runs
/// validators even when a token does not parse (<c>--batch-size x</c>) or is not among an option's choices, and reading
/// such a value throws <see cref="InvalidOperationException"/>, which would end the process with a stack trace. The
/// parser reports those tokens itself (exit code 2, one line each), so a validator that meets one has nothing to add.
/// </summary>
internal static class SafeValidators
{
    /// <summary>Adds <paramref name="validate"/>, skipping it when it reads a value the parser could not convert.</summary>
    /// <typeparam name="T">The symbol result type (an option's or a command's).</typeparam>
    /// <param name="validators">The symbol's validators.</param>
    /// <param name="validate">The check.</param>
    public static void AddSafe<T>(this List<Action<T>> validators, Action<T> validate)
        where T : SymbolResult
    {
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(validate);
        validators.Add(result =>
        {
            try
            {
                validate(result);
            }
            catch (InvalidOperationException ex) when (IsUnconvertibleToken(ex))
            {
                // Reported by the parser.
            }
        });
    }

    /// <summary>Whether <paramref name="ex"/> is System.CommandLine refusing a token's value.</summary>
    internal static bool IsUnconvertibleToken(InvalidOperationException ex) =>
        ex.Message.StartsWith("Cannot parse argument '", StringComparison.Ordinal)
        || (ex.Message.StartsWith("Argument '", StringComparison.Ordinal) && ex.Message.Contains("not recognized. Must be one of", StringComparison.Ordinal));
}
