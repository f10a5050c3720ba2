using Microsoft.Extensions.Options;

namespace OrleansFed.Runtime;

/// <summary>Rejects an empty data directory, a file name with a directory part, and a non-positive busy timeout.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"SqliteStorageOptions '{name}': DataDirectory must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.FileName) || options.FileName.IndexOfAny(['/', '\\']) >= 0)
        {
            failures.Add($"SqliteStorageOptions '{name}': FileName must be a bare file name; it is '{options.FileName}'.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            failures.Add($"SqliteStorageOptions '{name}': BusyTimeout must be positive; it is {options.BusyTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
