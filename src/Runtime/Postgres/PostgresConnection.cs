using Npgsql;

namespace OrleansFed.Runtime;

/// <summary>Checks and describes Npgsql connection strings without ever showing their password.</summary>
public static class PostgresConnection
{
    /// <summary>Why Npgsql refuses <paramref name="connectionString"/> (or that it names no host), or null when it parses.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? ParseError(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "no Host" : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql names the keyword it refused, not the value, so the password cannot appear here.
            return e.Message;
        }
    }

    /// <summary>"database D on host:port as user U": what a start-up line may show of the connection.</summary>
    /// <param name="connectionString">An Npgsql connection string that parses.</param>
    /// <returns>The description, without the password.</returns>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"database {builder.Database ?? "(the user's)"} on {builder.Host}:{builder.Port} as {builder.Username ?? "(default user)"}";
    }
}
