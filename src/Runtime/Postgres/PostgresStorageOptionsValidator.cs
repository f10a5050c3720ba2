using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansFed.Runtime;

/// <summary>Rejects a missing or unparsable connection string, a schema that is not a plain lower-case identifier, and
/// a command timeout outside 1 s … 1 h. The connection string itself never appears in a message (it holds the password).</summary>
internal sealed partial class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"PostgresStorageOptions '{name}': ConnectionString must be set.");
        }
        else if (PostgresConnection.ParseError(options.ConnectionString) is { } error)
        {
            failures.Add($"PostgresStorageOptions '{name}': ConnectionString is not a valid Npgsql connection string ({error}).");
        }

        if (!IsSchemaName(options.Schema))
        {
            failures.Add($"PostgresStorageOptions '{name}': Schema must be a lower-case SQL identifier of at most 63 characters " +
                $"(letters, digits, '_', not starting with a digit); it is '{options.Schema}'.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"PostgresStorageOptions '{name}': CommandTimeout must be between 1 s and 1 h; it is {options.CommandTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether <paramref name="schema"/> is a plain lower-case identifier (it is written into DDL unescaped
    /// but quoted, so nothing else may pass).</summary>
    internal static bool IsSchemaName(string? schema) => schema is not null && Identifier().IsMatch(schema);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
